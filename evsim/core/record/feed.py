"""What a replay feeds the scene with: the recorded events, translated as the live window translates them.

A recording holds what its producer sent.  The live window does not always hand that to the scene as is: a
watched program's calls (``evsim run``) go through :class:`evsim.core.watch.adapt.SceneAdapter` (the sockets
lab in program mode), and the echo server built on the watch adds, after each call, the echo event it stands
for (:class:`evsim.core.echo.calls.EchoCalls`).  A replay must take the very same path, so the feed is chosen
from the recording (its Hello, else its first events) and kept in every keyframe beside the scene, since
these translators keep state (bytes per connection).

A feed is any object with ``translate(batch) -> list[Event]`` and a no-argument constructor (a keyframe copies
it with :func:`evsim.core.record.snapshot.clone`).
"""

from __future__ import annotations

import importlib
from typing import Iterable

from evsim.core.events import Event

__all__ = ["Passthrough", "ProgramFeed", "feed_class", "printer_feed", "what_made", "ECHO", "PROGRAM"]

ECHO, PROGRAM = "echo", "program"
#: Kinds only a watched program's stream has (the echo server reports Listening, a program Listen).
_PROGRAM_KINDS = frozenset(("Listen",))
_ECHO_KINDS = frozenset(("Listening", "Accepted", "Received", "Sent"))


class Passthrough:
    """The recorded events as they are (a stream the scene takes directly)."""

    def translate(self, batch: Iterable[Event]) -> list[Event]:
        return batch if isinstance(batch, list) else list(batch)


def _optional(module: str, name: str) -> type | None:
    """A translator class, when this evsim has it (older ones stream the echo kinds directly)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


class ProgramFeed:
    """A watched program's calls as the echo kinds the sockets scene understands (what the lab's program mode
    gives the scene: ``SceneAdapter(phases=False)``)."""

    def __init__(self) -> None:
        adapter = _optional("evsim.core.watch.adapt", "SceneAdapter")
        self.adapter = adapter(phases=False) if adapter is not None else None

    def translate(self, batch: Iterable[Event]) -> list[Event]:
        if self.adapter is None:
            return list(batch)
        return self.adapter.feed_many(batch)


def _echo_calls(keep_calls: bool) -> type:
    calls = _optional("evsim.core.echo.calls", "EchoCalls")
    if calls is None:
        return Passthrough

    class EchoFeed(calls):  # type: ignore[misc, valid-type]
        """The echo server's stream, its watched calls followed by the echo events they stand for."""

        def __init__(self) -> None:
            super().__init__(keep_calls=keep_calls)

    return EchoFeed


def what_made(names: Iterable[str], producer: str | None) -> str:
    """ECHO or PROGRAM: from the Hello's producer name, else from the kinds of the first events."""
    if producer:
        return PROGRAM if producer.startswith("evsim run") else ECHO
    seen = set(names)
    return PROGRAM if seen & _PROGRAM_KINDS and not seen & _ECHO_KINDS else ECHO


_FEEDS: dict[tuple[str, bool], type] = {}


def feed_class(made_by: str, for_scene: bool = True) -> type:
    """The translator class for a recording made by ``made_by`` (ECHO or PROGRAM); ``for_scene`` keeps the
    watched calls beside the echo events (the scene and the log take both), else only the echo events (the
    ``--events`` printer, as ``evsim serve --events`` prints)."""
    key = (made_by, for_scene)
    cls = _FEEDS.get(key)
    if cls is None:
        cls = _FEEDS[key] = ProgramFeed if made_by == PROGRAM else _echo_calls(for_scene)
    return cls


def printer_feed(made_by: str) -> object:
    """A fresh translator for printing a recording as ``evsim serve --events`` prints the live stream (a
    program's recording prints its own calls, as ``evsim run --events`` does)."""
    return Passthrough() if made_by == PROGRAM else feed_class(ECHO, for_scene=False)()

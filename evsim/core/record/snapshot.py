"""Copies of a scene model (a keyframe), and a comparable picture of one (for tests and checks).

A scene (:class:`evsim.core.echo.scene.SocketScene`) is plain Python: ints, strings, containers, small objects
with ``__slots__`` (a connection's node) and immutable records (frozen events, named tuples).  A keyframe is
an independent copy of it: mutable parts are copied, immutable ones shared (a pulse or a flight is a named
tuple of ints, so a deque of 4,096 of them copies in microseconds).  The copy is a new instance of the
scene's class, so its dispatch table (bound methods and lambdas over ``self``) is its own, not copied.
"""

from __future__ import annotations

import dataclasses
import types
from collections import deque

__all__ = ["clone", "picture"]

_ATOMIC = frozenset((int, float, str, bool, bytes, type(None), complex, range, type))
_SKIP = frozenset(("epoch",))  # a copy is a new scene for a view's caches


def _is_table(v: object) -> bool:
    """A dispatch table (dict of callables): the fresh instance's own is kept."""
    return type(v) is dict and bool(v) and all(callable(x) and not isinstance(x, type) for x in v.values())


def clone(scene: object) -> object:
    """An independent copy of ``scene`` (built with its class's no-argument constructor).

    A dispatch table is copied last: a bound method is bound again to the copy of its object (the scene, or a
    part of it such as the loop state), and any other callable (a lambda over ``self``) is taken from the fresh
    instance's own table."""
    new = type(scene)()
    memo: dict[int, object] = {id(scene): new}
    fresh = vars(new)
    tables = []
    for k, v in vars(scene).items():
        if k in _SKIP:
            continue
        if _is_table(v):
            tables.append((k, v))
            continue
        setattr(new, k, _copy(v, memo))
    for k, table in tables:
        own = fresh.get(k) if type(fresh.get(k)) is dict else {}
        setattr(new, k, {key: _copy(f, memo) if type(f) is types.MethodType else own.get(key, f)
                         for key, f in table.items()})
    return new


def _frozen(v: object) -> bool:
    params = getattr(type(v), "__dataclass_params__", None)
    return params is not None and params.frozen


def _copy(v: object, memo: dict[int, object]) -> object:
    t = type(v)
    if t in _ATOMIC:
        return v
    done = memo.get(id(v))
    if done is not None:
        return done
    if isinstance(v, tuple):
        if all(type(x) in _ATOMIC for x in v):
            return v
        out = t(*(_copy(x, memo) for x in v)) if hasattr(v, "_fields") else t(_copy(x, memo) for x in v)
    elif t is frozenset or (_frozen(v) and all(type(getattr(v, f.name)) in _ATOMIC for f in dataclasses.fields(v))):
        return v
    elif t is list:
        out = memo[id(v)] = []
        out.extend(_copy(x, memo) for x in v)
        return out
    elif t is deque:
        if _all_flat(v):  # pulses, flights: named tuples of ints, copied at C speed
            out = deque(v, maxlen=v.maxlen)
        else:
            out = memo[id(v)] = deque(maxlen=v.maxlen)
            out.extend(_copy(x, memo) for x in v)
            return out
    elif t is dict:
        out = memo[id(v)] = {}
        for k, x in v.items():
            out[k] = _copy(x, memo)
        return out
    elif t is set:
        out = set(x if type(x) in _ATOMIC else _copy(x, memo) for x in v)
    elif t is types.MethodType:
        out = types.MethodType(v.__func__, _copy(v.__self__, memo))
    elif callable(v):
        return v  # functions and classes are shared
    else:
        out = memo[id(v)] = object.__new__(t)
        for name in _slots(t):
            try:
                object.__setattr__(out, name, _copy(object.__getattribute__(v, name), memo))
            except AttributeError:
                pass  # a slot never set
        if hasattr(v, "__dict__"):
            for k, x in vars(v).items():
                object.__setattr__(out, k, _copy(x, memo))
        return out
    memo[id(v)] = out
    return out


_FLAT: dict[type, bool] = {}
_ATOMIC_NAMES = frozenset(("int", "float", "str", "bool", "bytes", "None"))


def _flat_type(t: type) -> bool:
    """True for types whose instances are immutable and hold only atomic values: the atomic types, and named
    tuples whose every field is annotated with atomic types (``int``, ``int | None``...)."""
    flat = _FLAT.get(t)
    if flat is None:
        ann = getattr(t, "__annotations__", None) if issubclass(t, tuple) and hasattr(t, "_fields") else None
        flat = t in _ATOMIC or (ann is not None and set(ann) == set(t._fields) and all(
            set(_annotation(a).replace(" ", "").split("|")) <= _ATOMIC_NAMES for a in ann.values()))
        _FLAT[t] = flat
    return flat


def _annotation(a: object) -> str:
    """An annotation as its source text: ``int``, ``int | None`` (from a class, a string or a ForwardRef)."""
    if isinstance(a, type):
        return a.__name__
    return str(getattr(a, "__forward_arg__", a))


def _all_flat(items: "deque | list") -> bool:
    return all(_flat_type(t) for t in set(map(type, items)))


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slots(t: type) -> tuple[str, ...]:
    names = _SLOTS.get(t)
    if names is None:
        seen: list[str] = []
        for c in t.__mro__:
            s = c.__dict__.get("__slots__", ())
            for n in (s,) if isinstance(s, str) else s:
                if n not in ("__dict__", "__weakref__") and n not in seen:
                    seen.append(n)
        names = _SLOTS[t] = tuple(seen)
    return names


def picture(v: object, _seen: dict[int, int] | None = None) -> object:
    """A comparable rendering of ``v`` (nested tuples of its state): equal pictures mean equal scenes.

    Object identity is rendered as the order objects are first met, so two scenes whose nodes are shared in
    the same way between their tables compare equal; dispatch tables and ``epoch`` are left out."""
    seen = {} if _seen is None else _seen
    t = type(v)
    if t in _ATOMIC:
        return v
    if id(v) in seen:
        return ("@", seen[id(v)])
    if isinstance(v, tuple) and not hasattr(v, "__dataclass_fields__"):
        return (t.__name__, *(picture(x, seen) for x in v))
    if t in (list, deque):
        return (t.__name__, getattr(v, "maxlen", None), *(picture(x, seen) for x in v))
    if t in (set, frozenset):
        return (t.__name__, *sorted((picture(x, seen) for x in v), key=repr))
    if t is dict:
        return ("dict", *((picture(k, seen), picture(x, seen)) for k, x in v.items()))
    if callable(v):
        return ("callable",)
    seen[id(v)] = len(seen)
    names = list(_slots(t)) + (sorted(vars(v)) if hasattr(v, "__dict__") else [])
    out: list[object] = [t.__name__]
    for n in names:
        if n in _SKIP:
            continue
        try:
            x = object.__getattribute__(v, n)
        except AttributeError:
            continue
        if not _is_table(x):
            out.append((n, picture(x, seen)))
    return tuple(out)

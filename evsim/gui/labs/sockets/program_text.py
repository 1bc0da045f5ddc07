"""The sockets lab's words for a watched program (``evsim run``), translated in one context ("ProgramText").

Diagnoses arrive from the core with an English sentence and their numbers as ``key=value`` pairs; here each
known code has its own translatable sentence that puts the same numbers in (the core's sentence is the
fallback for a code this build does not know, or numbers it did not send).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject

from evsim.gui.labs.sockets.map_style import human_bytes
from evsim.core.watch.events import Diagnosis
from evsim.gui.labs.sockets.program_state import Queues, numbers

__all__ = ["ProgramText"]


class ProgramText(QObject):
    """Every user-visible string of program mode (a QObject only for ``tr``)."""

    def code_name(self, code: str) -> str:
        names = {
            "eof-spin": self.tr("readable forever (EOF not handled)"),
            "partial-send": self.tr("partial send"),
            "blocked-loop": self.tr("blocked loop"),
            "fd-setsize": self.tr("fd beyond select()'s limit"),
        }
        return names.get(code, code)

    def sentence(self, f: Diagnosis) -> str:
        """One sentence explaining ``f`` with the numbers that triggered it."""
        n = numbers(f)
        fd = f.fd
        try:
            if f.code == "eof-spin":
                return self.tr(
                    "fd {fd}: the peer closed it, yet it stays registered: recv() returned b'' {n} times in {ms} ms, "
                    "each time right after select() said it was readable. At end of file a socket is readable "
                    "forever, so the loop spins at full CPU: unregister and close it when recv() returns b''."
                ).format(fd=fd, n=n["eof_reads"], ms=n["in_ms"])
            if f.code == "partial-send":
                return self.tr(
                    "fd {fd}: send() was given {offered} bytes, the kernel took {sent}, and the program never sent "
                    "the other {left}: they are lost. Keep the unsent bytes, watch the socket for EVENT_WRITE and "
                    "send them when it is writable.").format(fd=fd, offered=n["offered"], sent=n["sent"],
                                                              left=n["left"])
            if f.code == "blocked-loop" and fd < 0:  # the quiet gap came right after select() itself
                return self.tr(
                    "The loop was busy for {ms} ms after {after}() while {ready} socket(s) were ready: every other "
                    "connection waited. Never sleep or block inside a handler.").format(
                    ms=n["stall_ms"], after=n["after"], ready=n["ready"])
            if f.code == "blocked-loop":
                return self.tr(
                    "The loop was busy for {ms} ms after {after}() on fd {fd} while {ready} socket(s) were ready: "
                    "every other connection waited. Never sleep or block inside a handler.").format(
                    ms=n["stall_ms"], after=n["after"], fd=fd, ready=n["ready"])
            if f.code == "fd-setsize" and "from" in n:  # a descriptor >= FD_SETSIZE came from accept()...
                return self.tr(
                    "{call}() gave the program fd {fd}, but select.select() cannot watch a descriptor of {limit} "
                    "(FD_SETSIZE) or more: its next select() fails. Use selectors.DefaultSelector, poll or epoll."
                ).format(call=n["from"], fd=fd, limit=n["FD_SETSIZE"])
            if f.code == "fd-setsize":
                return self.tr(
                    "select.select() was asked to watch fd {fd} ({nfds} descriptors in all), but it cannot take a "
                    "descriptor of {limit} (FD_SETSIZE) or more: use selectors.DefaultSelector, poll or epoll."
                ).format(fd=n["max_fd"], nfds=n["nfds"], limit=n["FD_SETSIZE"])
        except (KeyError, ValueError):
            pass  # numbers this build does not know: the core's own sentence says it
        detail = f" ({f.detail})" if f.detail else ""
        return f"{f.message}{detail}"

    def where(self, f: Diagnosis, files: dict[int, str]) -> str:
        path = files.get(f.file)
        if not path or f.line <= 0:
            return ""
        return self.tr("at {file}:{line}").format(file=os.path.basename(path), line=f.line)

    def bar_message(self, f: Diagnosis, files: dict[int, str]) -> str:
        """The message bar's line: the mistake's name, the sentence and where the program made the call."""
        at = self.where(f, files)
        return self.tr("Mistake found: {name}. {sentence} {where}").format(
            name=self.code_name(f.code), sentence=self.sentence(f), where=at).strip()

    def queue_lines(self, q: Queues | None) -> str:
        """The node tooltip's kernel lines (rich text), or "" when never sampled."""
        if q is None:
            return ""
        return "<br>" + self.tr("kernel receive queue: {n} (arrived, not yet read)").format(
            n=human_bytes(q.recv_q)) + "<br>" + self.tr("send queue: {n} (not yet acknowledged)").format(
            n=human_bytes(q.send_q))

    def flag_lines(self, found: list[Diagnosis], files: dict[int, str]) -> str:
        out = []
        for f in found:
            out.append("<br><b style='color:#ff8f6b'>⚠ {name}</b>: {s} {at}".format(
                name=self.code_name(f.code), s=self.sentence(f), at=self.where(f, files)))
        return "".join(out)

    def watching(self, script: str, pid: int | None) -> str:
        if pid is None:
            return self.tr("Watching: {script}").format(script=script)
        return self.tr("Watching: {script}, pid {pid}").format(script=script, pid=pid)

    def short_state(self, pid: int | None, running: bool, status: int | None) -> str:
        """The window's status-bar corner: the program's process in a few words."""
        if running:
            return self.tr("program: pid {pid}").format(pid=pid)
        if status is None:
            return self.tr("program: not running")
        return self.tr("program: ended ({status})").format(status=status)

    def held(self, call: str, fd: int, line: int) -> str:
        """The status line while the program is held (Step mode)."""
        call_text = f"{call}()" if call != "dispatch" else self.tr("the dispatch of a ready socket")
        on = self.tr(" on fd {fd}").format(fd=fd) if fd >= 0 else ""
        return self.tr("Held before {call}{on}, line {line}: Step (F10) runs it").format(
            call=call_text, on=on, line=line)

    def caption(self) -> str:
        return self.tr("Your program:")

    def listening(self, host: str, port: int) -> str:
        return self.tr("listening on {host}:{port}").format(host=host, port=port)

    def exited(self, status: int, error: str) -> str:
        if error:
            return self.tr("The program ended with exit status {status}: {error}").format(status=status, error=error)
        return self.tr("The program ended with exit status {status}.").format(status=status)

    def stopped(self, status: int | None) -> str:
        return self.tr("The program was stopped (exit status {status}).").format(
            status="n/a" if status is None else status)

    def died(self, why: str) -> str:
        return self.tr("Watching ended: {why}").format(why=why)

    def failed(self, why: str) -> str:
        return self.tr("Could not run the program: {why}").format(why=why)

    def explanation(self, script: str) -> str:
        return self.tr(
            "<b>What you are seeing.</b> Your program <code>{script}</code> runs in its own process, unchanged; "
            "evsim watches its selectors, select/poll/epoll and sockets at the call boundary. Its listening socket "
            "sits in the centre, each connection it accepts on a ring. The <i>Your program</i> tab shows its source "
            "with the line of its current call lit. The small bars on a node are the kernel's queues: "
            "<span style='color:#4da3ff'>blue</span> bytes arrived but not yet read by the program, "
            "<span style='color:#ffa94d'>orange</span> bytes sent but not yet acknowledged by the peer. A red "
            "dashed ring flags a known mistake: hover the node for the explanation. Step mode stops the program "
            "before each watched call."
        ).format(script=script)

    def code_tab(self) -> str:
        return self.tr("Your program")

    def code_tab_tip(self) -> str:
        return self.tr("Your program's source; the line of its current watched call is highlighted")

    def no_source(self, path: str, why: str) -> str:
        return self.tr("# The source of {path} cannot be shown: {why}").format(path=path, why=why)

    def too_large(self, mib: int) -> str:
        return self.tr("it is larger than {n} MiB").format(n=mib)

    def stop_tip(self) -> str:
        return self.tr("Stop the watched program (SIGTERM, then SIGKILL)")

    def box_title(self) -> str:
        return self.tr("Your program")

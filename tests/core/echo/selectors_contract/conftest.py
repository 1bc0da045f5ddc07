"""Fixtures for the selectors contract cases: every backend EchoServer offers, socketpairs closed after."""

from __future__ import annotations

import socket

import pytest

from evsim.core.echo.server import BACKENDS

#: The backends that have no FD_SETSIZE limit.
SCALABLE = [name for name in ("poll", "epoll") if name in BACKENDS]


@pytest.fixture(params=sorted(BACKENDS), ids=sorted(BACKENDS))
def backend(request):
    return request.param


@pytest.fixture
def sel(backend):
    s = BACKENDS[backend]()
    yield s
    s.close()


@pytest.fixture
def pairs():
    """make() -> (rd, wr), a socketpair closed after the test."""
    made = []

    def make():
        rd, wr = socket.socketpair()
        made.extend((rd, wr))
        return rd, wr

    yield make
    for s in made:
        s.close()

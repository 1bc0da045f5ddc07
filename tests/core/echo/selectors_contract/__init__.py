"""CPython's selectors module itself: the contract evsim's echo servers rely on (marker ``selectors_contract``).

The cases of CPython's Lib/test/test_selectors.py that apply to the selector backends EchoServer offers,
adapted to pytest and parametrized over ``evsim.core.echo.server.BACKENDS`` (default, select, poll, epoll):
what the server relies on (register / unregister / modify, select with a timeout, unregistering a closed fd,
more than FD_SETSIZE descriptors on the scalable backends) is checked on the very classes it uses.  Timeouts
are shortened (0.2 s instead of 1 s) and signal.alarm is replaced by a 50 ms interval timer.

These test the standard library, not evsim: they carry the ``selectors_contract`` marker (registered in
tests/conftest.py); they run by default, and ``pytest -m 'not selectors_contract'`` leaves them out.
"""

"""Test configuration shared by every test: Qt renders offscreen, settings go to a throwaway folder, and the
session has the file descriptors its socket tests need.

A usual desktop starts processes with a soft RLIMIT_NOFILE of 1024 (and a hard limit of 4096 or more).  Some
tests open well over 1024 descriptors (a connection on fd 1024 and above, 1500 idle connections), so the
session raises its own soft limit, as far as the hard limit allows, and puts it back at the end.  A test that
changes the limit gets the session's value back after it, so no test depends on another having run first;
a test that needs more than the hard limit allows skips itself and says why
(``tests.core.echo.conftest.require_fds``).
"""

import os
import resource
import tempfile

import pytest

# Must be set before any QApplication exists (pytest-qt creates it lazily on first use of qtbot).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (and anything else XDG) writes here, never into the developer's own configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="evsim-test-config-")

#: The soft RLIMIT_NOFILE the session runs with (when the hard limit allows): room for the 1500-connection
#: test (two descriptors per connection) and the tests that push descriptors past FD_SETSIZE.
SESSION_NOFILE = 8192


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "selectors_contract: checks CPython's selectors module itself (the contract evsim's servers "
                   "rely on), not evsim's code; run by default, deselect with -m 'not selectors_contract'")


@pytest.fixture(scope="session", autouse=True)
def session_fd_limit():
    """Raise the soft RLIMIT_NOFILE for the session (never above the hard limit); restore it at the end."""
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    soft, hard = before
    want = SESSION_NOFILE if hard == resource.RLIM_INFINITY else min(SESSION_NOFILE, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    session = resource.getrlimit(resource.RLIMIT_NOFILE)
    yield session
    resource.setrlimit(resource.RLIMIT_NOFILE, before)


@pytest.fixture(autouse=True)
def restore_fd_limit(session_fd_limit):
    """A test that changes RLIMIT_NOFILE in this process (``evsim bench`` raises it) gets it put back."""
    yield
    if resource.getrlimit(resource.RLIMIT_NOFILE) != session_fd_limit:
        resource.setrlimit(resource.RLIMIT_NOFILE, session_fd_limit)

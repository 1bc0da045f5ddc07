"""The test session gives its socket tests the descriptors they need, whatever the shell's soft limit."""

import resource

from tests.conftest import SESSION_NOFILE


def test_the_session_raised_its_soft_descriptor_limit(session_fd_limit):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert (soft, hard) == session_fd_limit  # and every test that changed it got it back
    if hard != resource.RLIM_INFINITY:
        assert soft == resource.RLIM_INFINITY or soft >= min(hard, SESSION_NOFILE)
    else:
        assert soft == resource.RLIM_INFINITY or soft >= SESSION_NOFILE

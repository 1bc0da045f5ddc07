import resource

from evsim.core.multiplex.fdlimit import FD_SLACK, ensure_fd_budget, open_fd_count, plan_fd_budget

INF = resource.RLIM_INFINITY


def test_raises_soft_limit_to_what_is_needed():
    assert plan_fd_budget(4000, open_now=10, soft=1024, hard=20000) == (4000 + 10 + FD_SLACK, 4000)


def test_caps_at_the_hard_limit():
    soft, fits = plan_fd_budget(10000, open_now=36, soft=1024, hard=4096)
    assert soft == 4096
    assert fits == 4096 - 36 - FD_SLACK


def test_never_lowers_the_soft_limit():
    assert plan_fd_budget(10, open_now=5, soft=20000, hard=20000) == (20000, 10)


def test_unlimited_hard_limit():
    soft, fits = plan_fd_budget(10000, open_now=5, soft=1024, hard=INF)
    assert soft == 10000 + 5 + FD_SLACK and fits == 10000


def test_nothing_fits_when_the_limit_is_all_used():
    assert plan_fd_budget(100, open_now=1000, soft=1024, hard=1024) == (1024, 0)


def test_ensure_fd_budget_reports_the_real_limits():
    b = ensure_fd_budget(100)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert (b.soft, b.hard) == (soft, hard)
    assert b.soft >= b.soft_before
    assert b.max_fds == 100 and not b.capped and b.message() == ""
    assert open_fd_count() >= 3

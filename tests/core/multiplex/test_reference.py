"""The book's table and the cache sizes poll's growth is held against."""

from evsim.core.multiplex.measure import Measurement
from evsim.core.multiplex.reference import TLPI_63_9, cache_sizes, tlpi_rows


def _m(backend, n, us):
    return Measurement(backend, n, 1, us, us, 10, n, 1, 0.0, 3, n + 3, 0)


def test_tlpi_rows_convert_the_books_seconds_and_pair_them_with_ours():
    rows = tlpi_rows([_m("poll", 1000, 50.0), _m("epoll", 1000, 1.0), _m("poll", 16, 2.0)])
    assert len(rows) == 1  # only the table's N that were measured
    r = rows[0]
    assert (r["fds"], r["tlpi_poll_us"], r["tlpi_epoll_us"], r["tlpi_ratio"]) == (1000, 350.0, 5.3, 66.0)
    assert (r["evsim_poll_us"], r["evsim_epoll_us"], r["evsim_ratio"]) == (50.0, 1.0, 50.0)
    assert round(TLPI_63_9["poll"][10000] / TLPI_63_9["epoll"][10000]) == 1500  # the book's 1500x


def test_cache_sizes_read_sysfs_and_skip_the_instruction_cache(tmp_path):
    for i, (level, kind, size) in enumerate([(1, "Data", "32K"), (1, "Instruction", "32K"), (2, "Unified", "1M")]):
        d = tmp_path / f"index{i}"
        d.mkdir()
        (d / "level").write_text(f"{level}\n")
        (d / "type").write_text(f"{kind}\n")
        (d / "size").write_text(f"{size}\n")
    assert cache_sizes(str(tmp_path)) == [("L1d", 32768), ("L2", 1 << 20)]
    assert cache_sizes(str(tmp_path / "missing")) == []

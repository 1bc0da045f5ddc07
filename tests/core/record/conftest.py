"""Fixtures for the recording tests."""

from tests.core.echo.test_remote import server  # noqa: F401  (echo server processes on port 0, stopped after)

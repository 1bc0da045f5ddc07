"""One module per ``evsim`` subcommand; each exposes ``run(args: argparse.Namespace) -> int``.

The argument contracts live in :mod:`evsim.cli`; these modules only carry them out, so importing
``evsim.cli`` stays cheap and Qt is imported only by the commands that open a window.
"""


class CliError(Exception):
    """A user-facing failure: ``main`` prints ``evsim: <message>`` on stderr and exits with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code

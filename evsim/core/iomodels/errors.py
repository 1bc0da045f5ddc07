"""How an I/O-model run can end other than with a timeline."""

__all__ = ["RunCancelled", "RunError"]


class RunCancelled(Exception):
    """The run was cancelled (or the sender went away) before the whole message arrived."""


class RunError(Exception):
    """The run could not be carried out (a system call failed in a way the model does not expect)."""

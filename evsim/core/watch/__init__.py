"""Watching a program at the call boundary (DESIGN.md, "Watching a program: the call boundary").

:mod:`evsim.core.watch.events` is the vocabulary; the wrappers, the step gate and the diagnoses live beside it.
"""

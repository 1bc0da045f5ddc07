"""The sockets lab's engine: a real echo server on ``selectors`` (and a classic ``select.select`` one)."""

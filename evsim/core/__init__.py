"""evsim's engine: standard library only. Nothing under evsim.core imports Qt (a test enforces it)."""

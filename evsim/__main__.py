"""``python -m evsim`` runs the command line."""

from evsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

"""Test configuration shared by every test: Qt renders offscreen, so no display is needed."""

import os

# Must be set before any QApplication exists (pytest-qt creates it lazily on first use of qtbot).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

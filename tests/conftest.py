"""Test configuration shared by every test: Qt renders offscreen, settings go to a throwaway folder."""

import os
import tempfile

# Must be set before any QApplication exists (pytest-qt creates it lazily on first use of qtbot).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (and anything else XDG) writes here, never into the developer's own configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="evsim-test-config-")

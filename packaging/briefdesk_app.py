"""Entry point of the frozen desktop app (PyInstaller): the ``briefdesk`` command.

With no arguments it opens the window; with a command (``import``, ``export`` …) it is
the command line.  ``freeze_support`` lets the import's worker processes start from
the frozen executable.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from briefdesk.cli import main

    sys.exit(main())

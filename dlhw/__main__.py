"""``python -m dlhw``: the command line, :func:`dlhw.cli.main`."""

import sys

from dlhw.cli import main

if __name__ == "__main__":
    sys.exit(main())

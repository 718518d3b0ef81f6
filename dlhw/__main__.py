"""``python -m dlhw`` and the ``dlhw`` script: the command line, :func:`dlhw.cli.main`."""

import sys


def main() -> int:
    """Import the command line, then run it; the process's entry point.

    The import (NumPy and the rest) takes a moment. A Ctrl-C during it ends
    the process as one during a command does: the line ``dlhw: interrupted``
    on stderr and exit code 130, not a traceback.

    Returns
    -------
    int
        The exit code of :func:`dlhw.cli.main`.
    """
    try:
        from dlhw.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("dlhw: interrupted\n")
        return 130
    return run()


if __name__ == "__main__":
    sys.exit(main())

"""dlhw: an executable re-publication of a deep-learning homework report.

The package pairs NumPy optimizers with the SymPy derivations behind them; the
documentation site and its figures are built from it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dlhw")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]

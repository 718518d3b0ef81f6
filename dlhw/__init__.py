"""dlhw: an executable re-publication of a deep-learning homework report.

The package pairs NumPy optimizers with the SymPy derivations behind them; the
documentation site and its figures are built from it.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata when first asked for:
    # importing importlib.metadata costs every command about 0.1 s.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("dlhw")
        except PackageNotFoundError:  # a source tree that is not installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

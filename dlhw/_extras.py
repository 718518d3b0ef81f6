"""The packages of the site's modules, which a plain install of dlhw lacks.

:mod:`dlhw.explore` (Bokeh) and :mod:`dlhw.pages` (myst-nb, IPython) run
only while the site is built; the extra ``dlhw[site]`` installs what they
need. Each checks at import that its packages are present, without importing
them (they are imported when used), so that a missing one is named at once,
with the command that installs it.

Examples
--------
>>> require_site("dlhw.explore", "json")
>>> require_site("dlhw.explore", "json", "no_such_package")
Traceback (most recent call last):
...
ImportError: dlhw.explore needs no_such_package, which ...: pip install "dlhw[site]"
"""

from __future__ import annotations

import importlib.util

__all__ = ["SITE_EXTRA", "require_site"]

#: The command that installs the site's packages.
SITE_EXTRA = 'pip install "dlhw[site]"'


def require_site(module: str, *packages: str) -> None:
    """Raise ``ImportError`` if a top-level package of ``packages`` is missing.

    ``module`` is the module that needs them, named in the message.

    Parameters
    ----------
    module : str
        The dotted name of the module that needs the packages.
    *packages : str
        Names of top-level packages, looked for with
        ``importlib.util.find_spec``, not imported.

    Raises
    ------
    ImportError
        If any is missing: the message names the missing ones and the command
        that installs them (:data:`SITE_EXTRA`); the error's ``name`` is the
        first of them.
    """
    missing = [name for name in packages if importlib.util.find_spec(name) is None]
    if missing:
        raise ImportError(
            f"{module} needs {', '.join(missing)}, which a plain install of dlhw "
            f"lacks: {SITE_EXTRA}",
            name=missing[0],
        )

"""Every problem's facts record, by problem name, on the user's files.

:func:`facts` is the one place that knows which record belongs to which page
and which of the user's files (:mod:`dlhw.report.inputs`) it reads.

Examples
--------
>>> facts("3d").claim("3d-float").verdict
'confirmed'
"""

from __future__ import annotations

from dlhw.report.facts import Facts

__all__ = ["facts"]


def facts(problem: str) -> Facts:
    """The facts record of ``problem`` (``"3d"``), on the site's inputs.

    Raises
    ------
    ValueError
        For a problem without a facts record.
    """
    if problem == "3a":
        from dlhw.report.facts3a import facts_3a

        return facts_3a()
    if problem == "3d":
        from dlhw.report.facts3d import facts_3d

        return facts_3d()
    raise ValueError(f"no facts record for problem {problem!r}")

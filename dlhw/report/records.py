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
    if problem == "2":
        from dlhw.report.facts2 import facts_2
        from dlhw.report.inputs import site_inputs

        return facts_2(site_inputs().data)
    if problem == "3a":
        from dlhw.report.facts3a import facts_3a

        return facts_3a()
    if problem == "3b":
        from dlhw.report.facts3b import facts_3b
        from dlhw.report.inputs import site_inputs

        return facts_3b(site_inputs().trajectory)
    if problem == "3c":
        from dlhw.report.facts3c import facts_3c

        return facts_3c()
    if problem == "3d":
        from dlhw.report.facts3d import facts_3d

        return facts_3d()
    raise ValueError(f"no facts record for problem {problem!r}")

"""Every problem's facts record, by problem name, on the user's files.

:func:`facts` is the one place that knows which record belongs to which page
and which of the user's files (:mod:`dlhw.report.inputs`) it reads;
:func:`glued` gives every value a page of the site cites, the landing page
(``"home"``) and the audit page (``"audit"``) included.

Examples
--------
>>> facts("3d").claim("3d-float").verdict
'confirmed'
>>> [g.name for g in glued("3d")][:2]
['p3d_f', 'p3d_df']
"""

from __future__ import annotations

from dlhw.report.facts import Facts, Glued

__all__ = ["PAGES", "facts", "glued"]

#: The pages built from the report layer: the landing page, one per problem,
#: and the audit.
PAGES = ("home", "2", "3a", "3b", "3c", "3d", "audit")


def facts(problem: str) -> Facts:
    """The facts record of ``problem`` (``"3d"``), on the site's inputs.

    Parameters
    ----------
    problem : str
        One of :data:`dlhw.report.claim.PROBLEMS`.

    Returns
    -------
    Facts

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


def glued(page: str) -> tuple[Glued, ...]:
    """Every value the page ``page`` (one of :data:`PAGES`) cites.

    Parameters
    ----------
    page : str
        ``"home"``, a problem (``"3d"``) or ``"audit"``.

    Returns
    -------
    tuple of Glued

    Raises
    ------
    ValueError
        For a page not in :data:`PAGES`.
    """
    from dlhw.report.inputs import site_inputs

    inputs = site_inputs()
    if page == "home":
        from dlhw.report.headline import home_glued

        return home_glued(inputs.data, inputs.trajectory)
    if page == "audit":
        from dlhw.report.audit import audit_glued, run_audit

        return audit_glued(run_audit(inputs.data, inputs.trajectory))
    if page not in PAGES:
        raise ValueError(f"no page {page!r}; the pages are {', '.join(PAGES)}")
    return facts(page).glued()

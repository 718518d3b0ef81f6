"""The landing page's results table: the report's headline numbers beside ours.

Examples
--------
>>> print(headline_markdown((Headline("3d", "rate", "0.25", "$1/4$", "exact"),)))
| problem | quantity | published | ours | data |
|---|---|---|---|---|
| 3d | rate | 0.25 | $1/4$ | exact |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import sympy as sp

from dlhw.report.facts import Glued, markdown, text
from dlhw.report.tables import markdown_table
from dlhw.report.text import literal_markdown

__all__ = ["Headline", "headline", "headline_markdown"]

_EXACT = "exact (SymPy)"


@dataclass(frozen=True)
class Headline:
    """One row of the landing page's results table.

    Attributes
    ----------
    problem : str
        Which part of the report.
    quantity : str
        What is compared.
    published : str
        The report's value.
    ours : str
        Our value (Markdown; ``$...$`` is math).
    data : str
        What our value was computed on (plain text: it may name the user's
        files, and is shown as it is).
    """

    problem: str
    quantity: str
    published: str
    ours: str
    data: str


def _rows_2(data: Path | None) -> list[Headline]:
    from dlhw import published
    from dlhw.report.claims2 import cell_words
    from dlhw.report.facts2 import facts_2
    from dlhw.report.text import fmt, numbers

    facts = facts_2(data)
    r = facts.results
    return [
        Headline(
            "2",
            "best grid cell",
            cell_words(published.BEST),
            cell_words(r.best),
            r.label,
        ),
        Headline(
            "2",
            'validation MSE of the best cell (the report\'s "Training MSE")',
            fmt(published.TRAINING_MSE),
            fmt(r.val_mse),
            r.label,
        ),
        Headline(
            "2",
            "test MSE",
            fmt(published.TEST_MSE),
            f"{fmt(r.test_mse)} (closed-form ridge {fmt(r.closed_test_mse)})",
            r.label,
        ),
        Headline(
            "2",
            "learning rates that diverge",
            numbers(published.DIVERGING_RATES),
            numbers(facts.chosen.diverged_rates),
            r.label,
        ),
    ]


def _rows_3(trajectory: Path | None) -> list[Headline]:
    from dlhw.report.facts3a import facts_3a
    from dlhw.report.facts3b import facts_3b
    from dlhw.report.facts3c import facts_3c
    from dlhw.report.text import fmt, math_markdown

    facts = facts_3a()
    t = facts.findings.thresholds
    z = facts_3b(trajectory).findings
    p3c = facts_3c()
    cycle = p3c.cycle_findings
    low, high = facts.reported.pass_range
    return [
        Headline(
            "3a",
            "fixed rates that get past the plateau and oscillate",
            f"{low:g} to {high:g}",
            f"{math_markdown(t.pass_inflection)} to {math_markdown(t.throw_back)} "
            f"({fmt(float(t.pass_inflection), 4)} to {fmt(float(t.throw_back), 4)})",
            _EXACT,
        ),
        Headline(
            "3a",
            f"final rate of the decaying schedule from {facts.reported.decay.start:g}",
            f"{facts.reported.final_rate:g}",
            "; ".join(
                f"{fmt(d.final_rate, 4)} ({d.rule.removeprefix('cut by 10% ')})"
                for d in facts.findings.decay
            )
            + ": it depends on how the report's rule is read",
            "float64 runs",
        ),
        Headline(
            "3b",
            "centre of the bowl",
            "mean of the iterates",
            f"fixed point of the fitted steps; the mean is "
            f"{fmt(z.mean_distance, 3)} away from it",
            z.label,
        ),
        Headline(
            "3c",
            "first members of S, in units of the squared rate",
            ", ".join(math_markdown(v) for v in p3c.reported.s_members) + ", ...",
            ", ".join(
                math_markdown(v)
                for v in p3c.s_findings.members[: len(p3c.reported.s_members)]
            )
            + ", ...",
            _EXACT,
        ),
        Headline(
            "3c",
            "two-cycle of random starts",
            f"$\\pm {sp.latex(p3c.reported.cycle)}$",
            f"$\\pm {sp.latex(p3c.cycle)}$; largest float64 distance "
            f"{max(cycle.final_gap):.1e} (units of the squared rate)",
            f"{_EXACT}; {len(cycle.starts)} Gaussian starts",
        ),
    ]


def _rows_3d() -> list[Headline]:
    from dlhw.report.facts3d import facts_3d
    from dlhw.report.text import math_markdown

    facts = facts_3d()
    return [
        Headline(
            "3d",
            "learning rate that sends $\\sqrt 3$ to the maximum in one step",
            f"{float(facts.reported.learning_rate):g}",
            math_markdown(facts.findings.family_rate),
            _EXACT,
        )
    ]


def headline(
    data: str | PathLike[str] | None = None,
    trajectory: str | PathLike[str] | None = None,
) -> tuple[Headline, ...]:
    """The report's headline results beside ours, each computed here.

    Runs Problem 2's grid (on ``data``, the stand-in if None), Problem 3a's
    runs (its facts record, :func:`dlhw.report.facts3a.facts_3a`) and
    Problem 3b's fit (on ``trajectory``, the stand-in if None).

    Parameters
    ----------
    data : path, optional
        Directory of the course's files of Problem 2; the stand-in if None.
    trajectory : path, optional
        The course's trajectory file of Problem 3b; the stand-in if None.

    Returns
    -------
    tuple of Headline

    Raises
    ------
    ValueError
        A subclass of it for a file that cannot be read
        (:class:`dlhw.data.DataError`, :class:`dlhw.problem3b.TrajectoryError`).
    """
    return (
        *_rows_2(None if data is None else Path(data)),
        *_rows_3(None if trajectory is None else Path(trajectory)),
        *_rows_3d(),
    )


def home_glued(
    data: str | PathLike[str] | None = None,
    trajectory: str | PathLike[str] | None = None,
) -> tuple[Glued, ...]:
    """Every value the landing page cites: the headline table and the data used.

    Parameters
    ----------
    data : path, optional
        Directory of the course's files of Problem 2; the stand-in if None.
    trajectory : path, optional
        The course's trajectory file of Problem 3b; the stand-in if None.

    Returns
    -------
    tuple of Glued
    """
    from dlhw.report.facts2 import facts_2

    return (
        markdown("home_headline", headline_markdown(headline(data, trajectory))),
        text(
            "home_p2_data", facts_2(None if data is None else Path(data)).results.label
        ),
    )


def headline_markdown(rows: Sequence[Headline]) -> str:
    """A Markdown table of :func:`headline` rows, for gluing into a page.

    Parameters
    ----------
    rows : sequence of Headline
        The rows, in order. Their ``data`` is shown as plain text
        (:func:`~dlhw.report.text.literal_markdown`); the other fields are
        Markdown.

    Returns
    -------
    str

    Examples
    --------
    >>> row = Headline("3b", "centre", "mean", "fixed point", "my_file*.txt")
    >>> print(headline_markdown([row]).splitlines()[-1])
    | 3b | centre | mean | fixed point | my\\_file\\*.txt |
    """
    return markdown_table(
        ["problem", "quantity", "published", "ours", "data"],
        (
            [h.problem, h.quantity, h.published, h.ours, literal_markdown(h.data)]
            for h in rows
        ),
    )

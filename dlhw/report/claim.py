"""The :class:`Claim` record: one statement of the published report, judged.

Examples
--------
>>> from dlhw.report.rules import Close
>>> c = Claim("2", "The test MSE is 0.769.", reported="Testing_MSE = 0.7691",
...           measured="0.5705 on the stand-in",
...           finding=Close(0.5705, 0.7691, tolerance=0.02))
>>> c.verdict
'differs'
>>> c.to_json()["verdict"], c.kind
('differs', 'verdict')
>>> sorted(c.to_json())
['assumption', 'claim', 'evidence', 'kind', 'measured', 'problem', 'reported', 'rule', 'verdict']

A verdict judged over an unstated assumption (:class:`~dlhw.report.rules.Assuming`)
says in its JSON under which values each case comes out:

>>> from dlhw.report.rules import Assuming, AtMost
>>> a = Claim("3a", "It ends.", "r", "m", Assuming("the horizon",
...           (("T = 10", AtMost(1, 0)), ("T = 100", AtMost(0, 0)))))
>>> a.verdict, a.to_json()["assumption"]
('depends', {'name': 'the horizon', 'cases': {'T = 10': 'differs', 'T = 100': 'confirmed'}})

A row whose finding is a :class:`~dlhw.report.rules.Derivation` is no verdict:

>>> from dlhw.report.rules import Derivation
>>> d = Claim("3d", "x = 0 is stationary.", "x=0", "f'(0) = 0",
...           Derivation("f'(0) = 0 for every quartic without a cubic term"))
>>> d.kind, d.verdict
('derivation', None)

A claim measured on a user's files names them where its ``measured`` holds
:data:`DATA`; each medium shows the name in its own form:

>>> from dlhw.report.text import literal_markdown
>>> n = Claim("2", "The test MSE is 0.769.", "Testing_MSE = 0.7691",
...           f"0.5705 on {DATA}", Close(0.5705, 0.7691, tolerance=0.02),
...           data="age_data_2024/")
>>> n.measured_as(), n.measured_as(literal_markdown)
('0.5705 on age_data_2024/', '0.5705 on age\\\\_data\\\\_2024/')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from dlhw.report.rules import DERIVATION, Assuming, Derivation, Finding, Verdict

__all__ = ["DATA", "PROBLEMS", "Claim", "Kind"]

#: A row of the audit is a verdict or a derivation (no verdict, not counted).
Kind = Literal["verdict", "derivation"]

#: The parts of the report, in its order.
PROBLEMS = ("2", "3a", "3b", "3c", "3d")

#: Where a claim's ``measured`` names the data it was measured on
#: (``Claim.data``, a folder's or a file's name): the name is put in by
#: :meth:`Claim.measured_as`, as it is or in the form a medium needs.
DATA = "\ufffc"


@dataclass(frozen=True)
class Claim:
    """One statement of the published report, with the finding that judges it.

    Parameters
    ----------
    problem : str
        Which part of the report makes it, one of :data:`PROBLEMS`.
    claim : str
        The statement, in our words (the report's own words go in ``reported``).
    reported : str
        The report's own words or numbers that the claim rests on.
    measured : str
        What our code measured or derived, in readable prose; :data:`DATA`
        stands for the name of the data (``data``).
    finding : Finding or Derivation
        The measurement with its rule (:mod:`dlhw.report.rules`); the verdict
        is computed from it. A :class:`~dlhw.report.rules.Derivation` makes
        the row a derivation: no verdict, outside the verdict counts.
    evidence : str, optional
        Where the measurement comes from (the functions of :mod:`dlhw`).
    where : str, optional
        The MyST label of the page section or figure holding the evidence.
    key : str, optional
        A stable name (``"3d-pair"``): pages, tests and the audit find the
        claim by it, whatever its position.
    data : str, optional
        The name of the data the claim was measured on, shown where
        ``measured`` holds :data:`DATA`.

    Raises
    ------
    ValueError
        For an unknown problem, an empty text field, or a ``measured`` that
        holds :data:`DATA` without ``data``.
    """

    problem: str
    claim: str
    reported: str
    measured: str
    finding: Finding | Derivation
    evidence: str = ""
    where: str = ""
    key: str = ""
    data: str = ""

    def __post_init__(self) -> None:
        if self.problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {PROBLEMS}; got {self.problem!r}")
        for name in ("claim", "reported", "measured"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"a claim needs a non-empty {name}")
        if DATA in self.measured and not self.data:
            raise ValueError("a claim whose measured text names its data needs data")

    def measured_as(self, show: Callable[[str], str] = str) -> str:
        """``measured`` with the data's name in it, shown by ``show``.

        Parameters
        ----------
        show : callable, optional
            Turns the name into the text of a medium
            (:func:`~dlhw.report.text.literal_markdown` for a page,
            :func:`~dlhw.files.printable` for a terminal); the name as it is
            by default.

        Returns
        -------
        str
        """
        return self.measured.replace(DATA, show(self.data))

    @property
    def kind(self) -> Kind:
        """``"derivation"`` for a row that states a derivation, else ``"verdict"``."""
        return DERIVATION if isinstance(self.finding, Derivation) else "verdict"

    @property
    def verdict(self) -> Verdict | None:
        """The verdict, decided by the finding's rule; None for a derivation."""
        return self.finding.verdict

    @property
    def rule(self) -> str:
        """The rule with the numbers it compared, in one line."""
        return self.finding.explain()

    def to_json(self) -> dict[str, Any]:
        """The claim as a JSON object (the ``claims`` entries of ``dlhw audit``).

        ``assumption`` is None for a firm rule; for a verdict judged over an
        unstated assumption it names the assumption and each value's verdict.
        """
        f = self.finding
        assumption = (
            {"name": f.assumption, "cases": {v: c.verdict for v, c in f.cases}}
            if isinstance(f, Assuming)
            else None
        )
        return {
            "problem": self.problem,
            "claim": self.claim,
            "reported": self.reported,
            "measured": self.measured_as(),
            "verdict": self.verdict,
            "kind": self.kind,
            "rule": self.rule,
            "evidence": self.evidence,
            "assumption": assumption,
        }

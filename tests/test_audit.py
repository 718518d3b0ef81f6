import sympy as sp

from dlhw.audit import claims_3d, headline, headline_markdown
from dlhw.claims import VERDICTS


def test_claims_3d_verdicts_come_from_the_derivation():
    claims = claims_3d()
    assert all(c.problem == "3d" and c.verdict in VERDICTS for c in claims)
    # the exact step from the report's pair is written into the evidence
    assert f"${sp.latex(sp.Integer(0))}$" in claims[2].measured


def test_headline_rows_are_complete_and_labelled():
    rows = headline()
    assert {h.problem for h in rows} == {"2", "3a", "3b", "3c", "3d"}
    for h in rows:
        assert all((h.quantity, h.published, h.ours, h.data))
    # Problem 2's numbers are labelled with the data they come from
    assert all("stand-in" in h.data for h in rows if h.problem == "2")
    assert rows[-1].ours == "$\\frac{1}{4}$"
    table = headline_markdown(rows)
    assert table.count("\n") == len(rows) + 1

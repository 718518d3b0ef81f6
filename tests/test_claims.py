import pytest

from dlhw.claims import VERDICTS, Claim, claims_markdown


def test_verdicts_are_the_three_allowed():
    assert VERDICTS == ("confirmed", "differs", "unverifiable")
    for verdict in VERDICTS:
        assert Claim("2", "c", "p", "m", verdict).verdict == verdict


@pytest.mark.parametrize("field", ["problem", "claim", "published", "measured"])
def test_empty_fields_are_refused(field):
    args = {"problem": "3a", "claim": "c", "published": "p", "measured": "m"}
    args[field] = "  "
    with pytest.raises(ValueError, match=f"non-empty {field}"):
        Claim(verdict="confirmed", **args)


def test_markdown_cells_stay_on_one_line_and_escape_pipes():
    c = Claim("3a", "a | b", "line one\nline two", "m", "differs", evidence="f()")
    table = claims_markdown([c], evidence=True).splitlines()
    assert table[0] == "| claim | report | measured | verdict | evidence |"
    assert table[2] == "| a \\| b | line one line two | m | differs | f() |"
    assert len(table) == 3


def test_problem2_course_data_verdicts_follow_the_data():
    from types import SimpleNamespace

    from dlhw.problem2 import _needs_course_data

    standin = SimpleNamespace(is_standin=True)
    course = SimpleNamespace(is_standin=False)
    assert _needs_course_data(standin, True) == "unverifiable"
    assert _needs_course_data(standin, False) == "unverifiable"
    assert _needs_course_data(course, True) == "confirmed"
    assert _needs_course_data(course, False) == "differs"


def test_every_claim_of_the_audit_has_a_computed_verdict():
    from dlhw.audit import claims_3d, verdict_counts

    claims = claims_3d()
    assert sum(verdict_counts(claims).values()) == len(claims)

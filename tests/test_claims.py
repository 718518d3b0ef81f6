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

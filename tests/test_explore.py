"""The explorable figures carry the engine's own runs, and embed the same each time."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from dlhw import explore
from dlhw.descent import gradient_descent
from dlhw.objectives import abs_three_halves, plateau, quartic
from dlhw.problem3a import classify, decay_schedules
from dlhw.problem3b import EXAMPLE
from dlhw.problem3c import CYCLE_TOLERANCE, s_starts
from dlhw.problem3d import ESCAPE_RADIUS

ROOT = Path(__file__).resolve().parents[1]


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the last bit, nan where the other is nan."""
    return bool(np.array_equal(a, b, equal_nan=True))


# -- the runs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plateau_small() -> explore.PlateauRuns:
    return explore.plateau_runs(per_decade=10, steps=300, early=20, later=15)


@pytest.mark.slow
@pytest.mark.parametrize("rule", explore.PLATEAU_RULES)
def test_plateau_runs_are_the_engines(
    plateau_small: explore.PlateauRuns, rule: str
) -> None:
    runs = plateau_small
    j = runs.rules.index(rule)
    schedule = explore.plateau_schedules()[rule][1]
    for i in range(0, runs.rates.size, 7):
        one = gradient_descent(
            plateau, -3.0, runs.rates[i], runs.steps, schedule=schedule
        )
        assert _same(runs.final[i, j], one.final)
        assert _same(runs.iterates[i, j], one.iterates[runs.recorded_steps])
        assert runs.outcome[i, j] == classify(one)
        assert runs.diverged_at[i, j] == one.diverged_at
        assert _same(runs.last_rate[i, j], one.last_rate)
    with np.errstate(all="ignore"):
        assert _same(runs.values, plateau.f(runs.iterates))


def test_plateau_grid_spans_the_log_slider() -> None:
    runs = explore.plateau_runs()
    assert runs.rates[0] == 1e-5
    assert runs.rates[-1] == 10.0
    ratios = runs.rates[1:] / runs.rates[:-1]
    # Evenly spaced in log10 up to the 4-digit rounding of each rate.
    assert np.allclose(ratios, 10 ** (1 / 200), rtol=2e-3)
    assert runs.recorded_steps[0] == 0
    assert runs.recorded_steps[-1] == runs.steps
    assert runs.every_step_until == 40
    # Every outcome of the plateau shows up somewhere on the slider.
    assert set(runs.outcome.ravel()) == {
        "stalled",
        "thrown back",
        "oscillating",
        "converged",
        "diverged",
    }


def test_settings_are_the_problem_modules() -> None:
    """The figures run the problems' own rules, not copies of them."""
    assert ("fixed", *decay_schedules()) == explore.PLATEAU_RULES
    for name, (words, _, schedule) in decay_schedules().items():
        assert explore.plateau_schedules()[name] == (words, schedule)
    source = (ROOT / "dlhw" / "explore.py").read_text(encoding="utf-8")
    for copy in ("1e-9", "1e-12", "= 0.1\n", "ESCAPE = ", "TOLERANCE = "):
        assert copy not in source


def test_plateau_words_name_every_outcome() -> None:
    from dlhw.problem3a import OUTCOMES

    assert set(explore.PLATEAU_OUTCOME_WORDS) == set(OUTCOMES)


def test_bowl_runs_are_the_engines() -> None:
    runs = explore.bowl_runs()
    for i in (0, 17, int(np.flatnonzero(runs.rates == 0.4)[0]), runs.rates.size - 1):
        for a, b in [(0, 0), (4, 0), (2, 5), (5, 7)]:
            start = (runs.start_x1[a], runs.start_x2[b])
            one = gradient_descent(EXAMPLE.objective, start, runs.rates[i], runs.steps)
            assert _same(runs.iterates[i, a, b], one.iterates)
            assert _same(runs.final[i, a, b], one.final)


def test_bowl_factors_and_conditions_agree_with_the_steps() -> None:
    runs = explore.bowl_runs()
    curvature = np.array([EXAMPLE.a1, EXAMPLE.a2])
    assert np.allclose(runs.factors, 1 - 2 * runs.rates[:, None] * curvature)
    assert np.array_equal(runs.zigzags, runs.factors < 0)
    assert np.array_equal(runs.diverges, np.abs(runs.factors) > 1)
    # On each axis one step scales the distance from the centre by r_i.
    centre = np.array([EXAMPLE.c1, EXAMPLE.c2])
    gap = runs.iterates[:, 0, 0, :2] - centre
    assert np.allclose(gap[:, 1], runs.factors * gap[:, 0])


def test_nonsmooth_runs_are_the_engines() -> None:
    runs = explore.nonsmooth_runs()
    for i in (0, 13, int(np.flatnonzero(runs.rates == 0.01)[0]), runs.rates.size - 1):
        rate = runs.rates[i]
        assert _same(runs.starts[i, : runs.members], s_starts(runs.members, rate))
        assert _same(runs.starts[i, runs.members :], runs.anywhere)
        one = gradient_descent(abs_three_halves, runs.starts[i], rate, runs.steps)
        assert _same(runs.iterates[i], one.iterates.T)
        ending = runs.ending[i]
        assert np.array_equal(ending == "at 0", one.final == 0)
        cycle = np.abs(np.abs(one.final) / rate**2 - 0.25) <= CYCLE_TOLERANCE
        assert np.array_equal(ending == "two-cycle", cycle & (one.final != 0))


def test_nonsmooth_runs_show_both_endings() -> None:
    runs = explore.nonsmooth_runs()
    j = int(np.flatnonzero(runs.rates == 0.01)[0])
    # The first members reach 0 in float64; later ones miss it and cycle.
    assert runs.ending[j, 0] == "at 0"
    assert "two-cycle" in runs.ending[j, : runs.members]


def test_one_step_runs_are_the_engines() -> None:
    runs = explore.one_step_runs()
    i, j = runs.index(0.0, 0.0)
    assert runs.x0[i] == float(sp.sqrt(3))
    assert runs.rates[j] == 0.25
    for a in (0, i, i + 1, runs.x0.size - 1):
        for b in (0, j, j - 3, runs.rates.size - 1):
            one = gradient_descent(quartic, runs.x0[a], runs.rates[b], runs.steps)
            assert _same(runs.iterates[a, b], one.iterates)
            away = np.abs(one.iterates[1:]) > ESCAPE_RADIUS
            expected = 1 + int(away.argmax()) if away.any() else -1
            assert runs.escape[a, b] == expected
    # The exact one-step rate x0 / f'(x0) = 1 / (4 x0^2 - 8), in high precision.
    exact = [
        1 / (4 * sp.Float(x, 40) ** 2 - 8) for x in runs.x0[[0, i, runs.x0.size - 1]]
    ]
    assert np.allclose(runs.one_step_rates[[0, i, -1]], np.array(exact, float))
    with pytest.raises(ValueError, match="not on the grid"):
        runs.index(0.5, 0.0)


# -- the embedded figures ------------------------------------------------------------


def _arrays(html: str) -> dict[str, np.ndarray]:
    """The named arrays that the figure's callbacks select from."""
    match = re.search(
        r'<script type="application/json" class="dlhw-explore-data">(.*)</script>',
        html,
        re.DOTALL,
    )
    assert match
    item = json.loads(match[1])
    found: dict[str, np.ndarray] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "map" and "entries" in node:
                for key, value in node["entries"]:
                    if isinstance(value, dict) and value.get("type") == "ndarray":
                        data = base64.b64decode(value["array"]["data"])
                        if data[:2] == b"\x1f\x8b":
                            data = gzip.decompress(data)
                        found[key] = np.frombuffer(data, dtype=value["dtype"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(item)
    return found


@pytest.fixture(scope="module")
def html() -> dict[str, str]:
    return {
        p: explore.explorer_html(explore.layout(p), f"p{p}") for p in explore.PROBLEMS
    }


def test_figures_carry_the_runs_final_iterates(html: dict[str, str]) -> None:
    finals = {
        "3a": explore.plateau_runs().final,
        "3b": explore.bowl_runs().final,
        "3c": explore.nonsmooth_runs().final,
        "3d": explore.one_step_runs().final,
    }
    for problem, final in finals.items():
        arrays = _arrays(html[problem])
        assert arrays["final"].dtype == np.float64
        assert _same(arrays["final"], final.ravel()), problem
    drawn = _arrays(html["3a"])["xs"]
    assert drawn.dtype == np.float32
    with np.errstate(over="ignore"):  # a diverging run's huge values: +-inf
        expected = explore.plateau_runs().iterates.astype(np.float32)
    assert _same(drawn, expected.ravel())


def test_figures_stay_small(html: dict[str, str]) -> None:
    for problem, text in html.items():
        assert len(text.encode()) < 2_500_000, problem


def test_html_is_one_div_and_inert_json(html: dict[str, str]) -> None:
    for problem, text in html.items():
        head, data = text.split("\n", 1)
        assert head == f'<div class="dlhw-explore" id="dlhw-explore-p{problem}"></div>'
        # Nothing inside the JSON can close the script element early.
        assert data.count("</") == 1
        assert data.endswith("</script>")


_BUILD = """
from dlhw import explore
print(explore.explorer_html(explore.layout("3d"), "p3d"))
"""


@pytest.mark.slow
def test_html_is_the_same_from_build_to_build() -> None:
    def build() -> str:
        return subprocess.run(
            [sys.executable, "-c", _BUILD],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ).stdout

    first, second = build(), build()
    assert first == second
    assert len(first) > 10_000


def _callbacks(html: str) -> list[str]:
    """The code of every callback of the figure."""
    data = html.split("\n", 1)[1]
    data = data[data.index(">") + 1 : -len("</script>")].replace("<\\/", "</")
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("name") in {"CustomJS", "CustomJSTickFormatter"}:
                attributes = dict(node.get("attributes", {}))
                found.append(attributes["code"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(data))
    return found


def test_the_script_does_the_work(html: dict[str, str]) -> None:
    """Every callback only calls docs/_static/dlhw-explore.js, which defines each."""
    script = (ROOT / "docs" / "_static" / "dlhw-explore.js").read_text(encoding="utf-8")
    (exported,) = re.findall(r"window\.dlhwExplore = \{ ([\w, ]+) \};", script)
    functions = set(exported.split(", "))
    for problem, text in html.items():
        codes = _callbacks(text)
        assert len(codes) >= 4, problem
        for code in codes:
            match = re.fullmatch(r"(?:return )?dlhwExplore\.(\w+)\([\w, ]*\);", code)
            assert match, code
            assert match[1] in functions


def test_glued_values_are_the_runs() -> None:
    values = {g.name: g for p in explore.PROBLEMS for g in explore.glued(p)}
    assert values["p3a_explore_nrates"].text == str(explore.plateau_runs().rates.size)
    assert values["p3a_explore_low"].markdown
    assert values["p3b_explore_nstarts"].text == str(6 * 8)
    assert values["p3c_explore_members"].text == str(explore.nonsmooth_runs().members)
    assert values["p3d_explore_escape"].text == str(ESCAPE_RADIUS)
    assert all(name.split("_")[0][1:] in explore.PROBLEMS for name in values)
    with pytest.raises(ValueError, match="no explorable figure"):
        explore.glued("3e")


def test_bad_requests_are_value_errors() -> None:
    from bokeh.models import Div

    with pytest.raises(ValueError, match="no explorable figure"):
        explore.layout("3e")
    with pytest.raises(ValueError, match="letters, digits and dashes"):
        explore.explorer_html(Div(text="x"), 'a"><script>')


# -- the pages ------------------------------------------------------------------------

PAGES = ROOT / "docs" / "report"


@pytest.mark.parametrize("problem", explore.PROBLEMS)
def test_a_page_shows_its_figure_beside_a_derivation(problem: str) -> None:
    """The figure's cell only calls show; a section of the derivation follows it."""
    page = (PAGES / f"problem{problem}.md").read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)\n```", page, re.DOTALL)
    (cell,) = [c for c in cells if f'show("{problem}")' in c]
    code = [
        line
        for line in cell.splitlines()
        if line.strip() and not line.startswith((":", "from ", "import "))
    ]
    assert code == [f'show("{problem}")']
    label = page.index(f"(p{problem}-explore)=\n### ")
    assert "\n## " in page[label:], "the figure closes the page"
    assert set(re.findall(rf"p{problem}_explore_\w+", page)) == {
        g.name for g in explore.glued(problem)
    }

"""The explorable figures of the Problem 3 pages, driven from the keyboard.

Each figure is opened in headless Chromium, its sliders are focused and moved
with the arrow keys, and the final iterate it then prints is compared with a
fresh NumPy run of :func:`dlhw.descent.gradient_descent` for the setting it
shows. Screenshots of each figure before and after, and in the dark theme, land
in ``docs/_build/screenshots`` (``explore-p3a-before.png`` and so on).

Run with ``nox -s site`` after ``nox -s docs``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import numpy as np
import pytest

from dlhw.descent import gradient_descent
from dlhw.objectives import abs_three_halves, plateau, quartic
from dlhw.problem3a import classify, inflection, minimizer
from dlhw.problem3b import EXAMPLE
from dlhw.problem3c import s_starts

pytestmark = pytest.mark.site

PAGES = {p: f"report/problem{p}.html" for p in ("3a", "3b", "3c", "3d")}
#: Bytes of a Problem 3 page, its figure's data included.
MAX_PAGE_BYTES = 3_000_000
#: WCAG's least contrast for body text.
MIN_CONTRAST = 4.5

ContextFactory = Callable[..., tuple[Any, Any]]


def open_figure(
    new_context: ContextFactory, base_url: str, problem: str, scheme: str = "light"
) -> tuple[Any, Any]:
    """Open a Problem 3 page in furo's ``scheme``; wait for its figure."""
    context, visit = new_context(color_scheme=scheme)
    context.add_init_script(
        f"if (location.protocol === 'http:') localStorage.setItem('theme', '{scheme}')"
    )
    page = context.new_page()
    page.goto(urljoin(base_url, PAGES[problem]), wait_until="load")
    # The figure is drawn when the reader comes near it.
    page.locator(f"#dlhw-explore-p{problem}").scroll_into_view_if_needed()
    page.locator(".dlhw-readout .dlhw-final").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.locator(f"#dlhw-explore-p{problem}").scroll_into_view_if_needed()
    return page, visit


def press(page: Any, slider: str, key: str, times: int) -> None:
    """Focus a slider's handle and press ``key`` on it."""
    handle = page.locator(f".dlhw-slider-{slider} .noUi-handle")
    handle.focus()
    assert page.evaluate("() => document.activeElement !== document.body")
    for _ in range(times):
        page.keyboard.press(key)
    page.wait_for_timeout(200)


def shown(page: Any, name: str) -> str:
    return page.locator(f".dlhw-readout .dlhw-{name}").first.inner_text().strip()


def number(page: Any, name: str) -> float:
    """A number printed in the figure's readout ('nan' is nan)."""
    return float(shown(page, name))


def readout(page: Any) -> str:
    """The text below the figure (in Bokeh's shadow root, which locators pierce)."""
    return " ".join(page.locator(".dlhw-readout p").all_inner_texts())


def steps_shown(page: Any) -> int:
    match = re.search(r"After (\d+) steps", readout(page))
    assert match
    return int(match[1])


def same(shown_value: float, computed: float) -> bool:
    """Equal to the last bit (the figure prints float64 in full)."""
    if math.isnan(computed):
        return math.isnan(shown_value)
    return shown_value == computed


def screenshot(page: Any, problem: str, when: str, screenshots: Path) -> None:
    path = screenshots / f"explore-p{problem}-{when}.png"
    page.locator(f"#dlhw-explore-p{problem}").screenshot(path=path)
    assert path.stat().st_size > 10_000


def test_plateau_figure(
    new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    from dlhw.explore import PLATEAU_OUTCOME_WORDS, plateau_schedules

    page, visit = open_figure(new_context, base_url, "3a")
    screenshot(page, "3a", "before", screenshots)
    schedules = dict(plateau_schedules().values())
    words = {
        o: text.format(top=inflection(), xmin=minimizer())
        for o, text in PLATEAU_OUTCOME_WORDS.items()
    }
    seen = set()
    for key, times, rule_keys in [
        ("ArrowLeft", 3, 0),
        ("ArrowRight", 12, 0),
        ("ArrowLeft", 150, 0),
        ("ArrowRight", 200, 1),
        ("ArrowRight", 0, 2),
    ]:
        before = shown(page, "rate")
        press(page, "rate", key, times)
        if times:
            assert shown(page, "rate") != before
        # Assistive technology hears the rate, not the slider's position.
        handle = page.locator(".dlhw-slider-rate .noUi-handle")
        assert handle.get_attribute("aria-valuetext") == shown(page, "rate")
        assert handle.get_attribute("aria-label") == "Learning rate η (log scale)"
        for _ in range(rule_keys):
            page.locator(".dlhw-rule select").focus()
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(200)
        rate = number(page, "rate")
        schedule = schedules[shown(page, "rule-name")]
        run = gradient_descent(
            plateau, -3.0, rate, steps_shown(page), schedule=schedule
        )
        assert same(number(page, "final"), float(run.final)), (rate, schedule)
        outcome = str(classify(run))
        assert shown(page, "outcome") == words[outcome]
        seen.add(outcome)
    assert len(seen) >= 2
    screenshot(page, "3a", "after", screenshots)
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


def test_bowl_figure(
    new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    page, visit = open_figure(new_context, base_url, "3b")
    screenshot(page, "3b", "before", screenshots)
    for slider, key, times in [
        ("rate", "ArrowLeft", 3),
        ("x1", "ArrowLeft", 1),
        ("x2", "ArrowRight", 2),
        ("rate", "ArrowRight", 10),
    ]:
        press(page, slider, key, times)
        rate = number(page, "rate")
        start = [float(v) for v in shown(page, "start").split(",")]
        run = gradient_descent(EXAMPLE.objective, start, rate, steps_shown(page))
        assert same(number(page, "final"), float(run.final[0]))
        assert same(number(page, "final-2"), float(run.final[1]))
        # The axis factors are r_i = 1 - 2 eta a_i.
        assert math.isclose(number(page, "r1"), 1 - 2 * rate * EXAMPLE.a1)
        assert math.isclose(number(page, "r2"), 1 - 2 * rate * EXAMPLE.a2)
    screenshot(page, "3b", "after", screenshots)
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


def test_nonsmooth_figure(
    new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    page, visit = open_figure(new_context, base_url, "3c")
    screenshot(page, "3c", "before", screenshots)
    endings = set()
    for slider, key, times in [
        ("rate", "ArrowRight", 5),
        ("member", "ArrowRight", 4),
        ("member", "ArrowLeft", 7),
        ("x0", "ArrowLeft", 3),
    ]:
        if slider == "x0":
            page.locator(".dlhw-mode select").select_option("anywhere")
        press(page, slider, key, times)
        rate, start = number(page, "rate"), number(page, "start")
        if slider == "member":
            member = int(page.locator(".dlhw-slider-member .noUi-handle").get_attribute(
                "aria-valuenow"
            ).split(".")[0])  # fmt: skip
            assert start == s_starts(member + 1, rate)[member]
        run = gradient_descent(abs_three_halves, start, rate, steps_shown(page))
        final = float(run.final)
        assert same(number(page, "final"), final)
        endings.add(shown(page, "outcome").split(" ")[0])
    assert {"reached", "in"} <= endings
    screenshot(page, "3c", "after", screenshots)
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


def test_one_step_figure(
    new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    page, visit = open_figure(new_context, base_url, "3d")
    screenshot(page, "3d", "before", screenshots)
    assert number(page, "x0") == float(np.sqrt(3))
    assert number(page, "rate") == 0.25
    for slider, key, times in [
        ("x0", "ArrowRight", 0),
        ("x0", "ArrowRight", 1),
        ("rate", "ArrowLeft", 4),
        ("x0", "ArrowLeft", 1),
    ]:
        if times:
            press(page, slider, key, times)
        x0, rate = number(page, "x0"), number(page, "rate")
        run = gradient_descent(quartic, x0, rate, steps_shown(page))
        assert same(number(page, "x1"), float(run.iterates[1]))
        assert same(number(page, "final"), float(run.final))
    # Play steps through the iterations; Space on the button starts and stops it.
    page.locator(".dlhw-play button").focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)
    page.keyboard.press("Space")
    text = readout(page)
    step = int(re.search(r"At step (\d+)", text)[1])
    assert 0 < step < steps_shown(page)
    screenshot(page, "3d", "after", screenshots)
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


def _luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


# The colours the figure draws its text in: the axes' labels (canvas, set by
# the figure's theme callback) and the readout below (the page's own CSS).
COLOURS = """(problem) => {
  const models = Bokeh.documents.flatMap((d) => [...d.all_models]);
  const axes = models.filter((m) => 'major_label_text_color' in m.properties);
  // Bokeh draws its widgets in shadow roots: search them too.
  const deep = (root, selector) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      const found = el.shadowRoot && deep(el.shadowRoot, selector);
      if (found) return found;
    }
    return null;
  };
  const figure = document.getElementById(`dlhw-explore-${problem}`);
  const readout = deep(deep(figure, '.dlhw-readout').shadowRoot, 'p');
  const paint = (color) => {
    const probe = document.createElement('span');
    probe.style.color = color;
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color;
    probe.remove();
    return rgb;
  };
  return {
    background: getComputedStyle(document.body).backgroundColor,
    axes: axes.map((a) => paint(a.major_label_text_color)),
    readout: getComputedStyle(readout).color,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("problem", list(PAGES))
def test_figures_are_readable_in_both_themes(
    problem: str,
    scheme: str,
    new_context: ContextFactory,
    base_url: str,
    screenshots: Path,
) -> None:
    page, visit = open_figure(new_context, base_url, problem, scheme)
    colours = page.evaluate(COLOURS, f"p{problem}")
    assert colours["axes"]
    for colour in [*colours["axes"], colours["readout"]]:
        assert contrast(colour, colours["background"]) >= MIN_CONTRAST, colours
    screenshot(page, problem, scheme, screenshots)
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


def test_problem3_pages_are_light(site_root: Path) -> None:
    """Each page, and its figure's data (a script of its own), stays within a few MB."""
    for problem, name in PAGES.items():
        html = (site_root / name).read_text(encoding="utf-8")
        assert f'id="dlhw-explore-p{problem}"' in html
        data = site_root / "_static" / "explore" / f"dlhw-explore-p{problem}.js"
        assert f'data-src="../_static/explore/{data.name}"' in html, name
        assert (site_root / name).stat().st_size < MAX_PAGE_BYTES, name
        assert data.stat().st_size < MAX_PAGE_BYTES, data
    for name in ("bokeh.min.js", "bokeh-widgets.min.js"):
        assert (site_root / "_static" / "bokeh" / name).is_file()


def test_figures_sit_beside_their_derivations(site_root: Path) -> None:
    """Each figure is in a subsection of the derivation it shows, not at the end."""
    for problem, name in PAGES.items():
        html = (site_root / name).read_text(encoding="utf-8")
        at = html.index(f'id="dlhw-explore-p{problem}"')
        before, after = html[:at], html[at:]
        assert before.rfind("<h3") > before.rfind("<h2"), name
        assert f'id="p{problem}-explore"' in before[before.rfind("<section") :]
        assert "<h2" in after, f"{name}: the figure closes the page"


# Where each plot of a figure is drawn (Bokeh's canvases, in shadow roots).
CANVASES = """(problem) => {
  const deepAll = (root, selector, found = []) => {
    found.push(...root.querySelectorAll(selector));
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) deepAll(el.shadowRoot, selector, found);
    }
    return found;
  };
  const figure = document.getElementById(`dlhw-explore-${problem}`);
  return deepAll(figure, '.bk-Figure').map((plot) => {
    const box = plot.getBoundingClientRect();
    return {left: box.left, right: box.right, width: box.width};
  });
}"""


@pytest.mark.parametrize("problem", list(PAGES))
def test_figures_fit_a_phone(
    problem: str, new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    """At 390 px the plots stack: each is whole and on screen."""
    context, visit = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(urljoin(base_url, PAGES[problem]), wait_until="load")
    page.locator(f"#dlhw-explore-p{problem}").scroll_into_view_if_needed()
    page.locator(".dlhw-readout .dlhw-final").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    plots = page.evaluate(CANVASES, f"p{problem}")
    assert len(plots) == 2
    width = page.evaluate("() => document.documentElement.clientWidth")
    for plot in plots:
        assert plot["width"] > 250, plots
        assert plot["left"] >= 0, plots
        assert plot["right"] <= width, plots
    page.locator(f"#dlhw-explore-p{problem}").screenshot(
        path=screenshots / f"explore-p{problem}-phone.png"
    )
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())

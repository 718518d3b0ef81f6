"""
Problem 3a: a map of outcomes over fixed learning rates
=======================================================

1501 fixed learning rates between 0.15 and 0.3, each run from
:math:`x_0 = -3`, classified by :func:`dlhw.problem3a.classify`: stalled at the
inflection, still bouncing about the minimum, or thrown back onto the
plateau. None converges: every rate that gets past the plateau is above the
stability bound :math:`200/1083` of the minimum. The exact thresholds of
:func:`dlhw.problem3a.thresholds` are drawn as vertical lines; the long scan
shows the bouncing band end exactly at the throw-back bound.
"""

# %%
# The scans
# ---------
# The same rates for the report's 1000 steps and for :math:`10^5` steps.
import matplotlib.pyplot as plt
import sympy as sp

from dlhw.derivations import breakpoints
from dlhw.objectives import plateau
from dlhw.plotting import COLORS, subplots
from dlhw.problem3a import LONG_STEPS, OUTCOMES, inflection, rate_scan, thresholds

scans = [rate_scan(1000), rate_scan(LONG_STEPS)]
t = thresholds()
third_piece = breakpoints(plateau)[1].x  # where the piece before the inflection starts
lines = [
    (t.stability, f"stability ${sp.latex(t.stability)}$", ":"),
    (t.reach_third_piece, f"$x_1 = {sp.latex(third_piece)}$", "-."),
    (t.pass_inflection, f"$x_1 = {sp.latex(inflection())}$", "--"),
    (t.throw_back, "throw-back bound", (0, (1, 3))),
]
for scan in scans:
    print(f"{scan.steps} steps: {scan.counts()}")

# %%
# Last iterate against the rate
# -----------------------------
# Each dot is one run; its colour is the outcome.
palette = dict(zip(OUTCOMES, COLORS, strict=False))
fig, axes = subplots(2, 1, width=10, sharex=True)
for ax, scan in zip(axes, scans, strict=True):
    for outcome in OUTCOMES:
        hit = scan.outcome == outcome
        if hit.any():
            ax.scatter(
                scan.rates[hit],
                scan.run.final[hit],
                s=6,
                color=palette[outcome],
                label=f"{outcome} ({int(hit.sum())})",
            )
    for rate, label, style in lines:
        ax.axvline(float(rate), color="0.35", ls=style, lw=1, label=label)
    ax.set(ylabel="last iterate $x_T$", title=f"after {scan.steps} steps")
    ax.legend(fontsize=8, ncols=2, loc="upper left", markerscale=2)
axes[-1].set_xlabel("fixed learning rate $\\eta$")

plt.show()

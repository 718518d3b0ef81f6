"""
Problem 3a: the decaying learning rate from 0.245
=================================================

The report starts at rate 0.245 and cuts it by 10% "each time it gets close
to the minimum", stopping once a step moves less than :math:`10^{-6}`. Cut
at each jump over the minimum, the rate falls fast and far below 0.16; cut at
each step that raises :math:`f`, it stops once it is below the stability
bound, still above 0.16; only a cut on a clock, every 100 steps, ends at the
0.16 the report names. All three readings converge to :math:`x = 6`.
"""

# %%
# The three readings
# ------------------
# From :func:`dlhw.problem3a.decay_runs`; the rate of each step and the iterate
# after it, up to the step where the tolerance stopped the run.
import matplotlib.pyplot as plt

from dlhw.plotting import COLORS, subplots
from dlhw.problem3a import (
    DECAY,
    decay_runs,
    inflection,
    minimizer,
    thresholds,
)
from dlhw.published import REPORTED_3A

runs = decay_runs()
for d in runs:
    print(
        f"{d.name}: {d.steps_taken} steps, {d.cuts} cuts, "
        f"final rate {d.final_rate:.4f}, final x {d.final_x:.7f}"
    )

# %%
# Rate and iterate against the iteration
# --------------------------------------
# Time runs on a log axis, so that the fast cuts at the start and the slow
# approach at the end both show.
fig, (ax_r, ax_x) = subplots(1, 2, width=11.5)
# the busiest run first, so that the others are drawn over it
for d, color in reversed(list(zip(runs, COLORS, strict=False))):
    n = d.steps_taken
    steps = d.run.recorded_steps[: n + 1] + 1
    label = d.rule if d.described else d.rule + " (not in the report)"
    ax_r.step(
        steps[:-1], d.run.learning_rates[:n], where="post", color=color, label=label
    )
    ax_x.plot(steps, d.run.iterates[: n + 1], color=color, lw=1.3)
t = thresholds()
ax_r.axhline(float(t.stability), color="0.35", ls=":", lw=1)
ax_r.annotate(
    "stability bound",
    (1, float(t.stability)),
    textcoords="offset points",
    xytext=(2, 3),
    fontsize=9,
)
reported = REPORTED_3A.final_rate
ax_r.axhline(reported, color="0.35", ls="--", lw=1)
ax_r.annotate(
    f"{reported} (report)",
    (1, reported),
    textcoords="offset points",
    xytext=(2, -12),
    fontsize=9,
)
ax_r.set(
    xscale="log",
    xlabel="iteration $t + 1$",
    ylabel="learning rate",
    title=f"Rate, from {DECAY.start}",
)
handles, labels = ax_r.get_legend_handles_labels()
fig.legend(handles[::-1], labels[::-1], loc="outside lower center", fontsize=9)
ax_x.axhline(float(minimizer()), color="0.35", ls=":", lw=1)
ax_x.axhline(float(inflection()), color=COLORS[1], ls="--", lw=1)
ax_x.set(
    xscale="log",
    xlabel="iteration $t + 1$",
    ylabel="$x_t$",
    ylim=(2.5, 8.2),
    title="Iterate (from $x_0 = -3$, below the axes)",
)

plt.show()

"""
Problem 3d: one gradient step onto the local maximum
====================================================

On :math:`f(x) = x^4 - 4x^2` a single gradient step from
:math:`x_0 = \\sqrt{3}` with learning rate :math:`\\eta = 1/4` lands exactly on
the local maximum :math:`x = 0`, where the gradient vanishes and descent stops
for good. The left panel draws that step; the right panel shows that the pair is
one member of a whole family, :math:`\\eta(x_0) = 1/(4(x_0^2 - 2))` for
:math:`|x_0| > \\sqrt{2}`.
"""

# %%
# The stationary points and the step
# -----------------------------------
# The stationary points and the learning rate are exact (SymPy); the step
# itself is taken by the same NumPy gradient descent used everywhere else.
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from dlhw.derivations import one_step_learning_rate, stationary_points
from dlhw.objectives import quartic
from dlhw.plotting import COLORS, subplots
from dlhw.problem3d import findings_3d
from dlhw.published import REPORTED_3D

found = findings_3d()
x0, eta = REPORTED_3D.x0, found.family_rate
points = stationary_points(quartic)
print(f"eta = {eta}; iterates: {found.iterates[:2].tolist()}")

# %%
# The family of one-step learning rates
# -------------------------------------
# Solving :math:`x_0 - \eta f'(x_0) = 0` for every start gives the closed
# form; it is positive only beyond the two minima.
x0_sym = sp.Symbol("x_0", real=True)
family = sp.lambdify(x0_sym, one_step_learning_rate(quartic, x0_sym), "numpy")

fig, (ax_f, ax_eta) = subplots(1, 2)

grid = np.linspace(-2.3, 2.3, 400)
ax_f.plot(grid, quartic.f(grid), color=COLORS[0], label=f"$f(x) = {quartic.latex()}$")
markers = {"minimum": ("v", COLORS[2]), "maximum": ("^", COLORS[1])}
for p in points:
    marker, color = markers[p.kind]
    ax_f.plot(float(p.x), float(p.value), marker, color=color, ms=9)
    ax_f.annotate(
        f"{p.kind}\n$x = {sp.latex(p.x)}$",
        (float(p.x), float(p.value)),
        textcoords="offset points",
        xytext=(0, -30 if p.kind == "minimum" else 10),
        ha="center",
        fontsize=9,
    )
start, end = found.iterates[:2]
ax_f.annotate(
    "",
    xy=(end, quartic.f(end)),
    xytext=(start, quartic.f(start)),
    arrowprops={"arrowstyle": "->", "color": COLORS[3], "lw": 2},
)
ax_f.plot(start, quartic.f(start), "o", color=COLORS[3], label=r"$x_0 = \sqrt{3}$")
ax_f.set(xlabel="$x$", ylabel="$f(x)$", ylim=(-6.5, 6), title="One step to $x = 0$")
ax_f.legend(loc="upper center")

for side in (-1, 1):
    branch = side * np.linspace(np.sqrt(2) + 0.02, 3.0, 300)
    ax_eta.plot(branch, family(branch), color=COLORS[0])
    ax_eta.axvline(side * np.sqrt(2), color="grey", ls=":", lw=1)
ax_eta.plot(float(x0), float(eta), "o", color=COLORS[3], label=r"$(\sqrt{3}, 1/4)$")
ax_eta.set(
    xlabel="$x_0$",
    ylabel=r"$\eta(x_0)$",
    yscale="log",
    title=r"$\eta(x_0) = 1/(4(x_0^2 - 2))$",
)
ax_eta.legend()

plt.show()

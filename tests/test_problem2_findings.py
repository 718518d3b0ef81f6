"""Problem 2's page analyses, as package functions."""

import numpy as np
import pytest

from dlhw.linreg import largest_curvature
from dlhw.problem2 import mean_image_curvature, problem2_results


def test_mean_image_term_is_exact_for_identical_images():
    rng = np.random.default_rng(3)
    m = rng.random(50)
    X = np.tile(m, (20, 1))
    assert mean_image_curvature(X) == pytest.approx(2 * (m @ m + 1))
    assert largest_curvature(X) == pytest.approx(mean_image_curvature(X), rel=1e-9)


def test_mean_image_term_approximates_the_largest_curvature_on_the_standin():
    r = problem2_results()
    # the stand-in's pixels vary little around their mean image: the term is
    # within a few percent of the top eigenvalue, and below it
    assert r.mean_curvature_term == pytest.approx(r.max_curvature, rel=0.05)
    assert r.mean_curvature_term <= r.max_curvature * (1 + 1e-9)


def test_mean_image_term_fails_for_centred_images():
    # with zero-mean pixels the term says nothing about the curvature
    rng = np.random.default_rng(4)
    X = rng.standard_normal((400, 30))
    X -= X.mean(axis=0)
    assert mean_image_curvature(X) == pytest.approx(2.0)
    assert largest_curvature(X) > 1.5 * mean_image_curvature(X)

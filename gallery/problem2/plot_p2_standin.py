"""
Problem 2: what the stand-in faces look like
============================================

The course's face images are not distributed with dlhw, so every default run
uses a synthetic stand-in: a face template plus random smooth fields (lighting,
skin, hair, eyes, face shape and position, lines, low-frequency waves) and a
little pixel noise. Four of the fields depend on age. Here are twelve of its
training images with their ages, and the mean image, whose brightness sets the
largest curvature of the squared loss.
"""

# %%
# Twelve stand-in training images
# -------------------------------
import matplotlib.pyplot as plt
import numpy as np

from dlhw.data import IMAGE_SHAPE, standin
from dlhw.plotting import subplots

data = standin()
order = np.argsort(data.y_train[:12])

# %%
# Sorted by age, youngest first; the last panel is the mean training image.
fig, axes = subplots(2, 7, figsize=(12.0, 4.4))
for ax, k in zip(axes.flat, order, strict=False):
    ax.imshow(data.X_train[k].reshape(IMAGE_SHAPE), cmap="gray", vmin=0, vmax=1)
    ax.set_title(f"{data.y_train[k]:.0f} years", fontsize=10)
axes.flat[12].imshow(
    data.X_train.mean(axis=0).reshape(IMAGE_SHAPE), cmap="gray", vmin=0, vmax=1
)
axes.flat[12].set_title("mean image", fontsize=10)
for ax in axes.flat:
    ax.set(xticks=[], yticks=[])
    ax.grid(False)
axes.flat[13].set_visible(False)
fig.suptitle("Stand-in data (synthetic): training images and ages")

plt.show()

"""Writes the held-out digits the image-training benchmark scores its models on.

The fixture digits (fixtures/datasets/digits_png, the training set of the benchmark) are
scikit-learn's load_digits() images 0..599, 8x8 with values 0..16, scaled to 0..255 and
upscaled to 28x28 with nearest-neighbour resampling; picture N.png is image N-1. This script
makes images 600..1796 (1197 pictures) the same way, so that they are named 601.png..1797.png,
into digits-holdout/images with digits-holdout/labels.txt ("N : label" per line).

Given the fixture directory as an argument, it first checks that it reproduces those pictures
pixel for pixel.

Usage: /usr/bin/python3 make_digits_holdout.py [fixtures/datasets/digits_png]
"""

import os
import sys

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

FIRST = 600


def picture(digits, index):
    values = (digits.images[index] * 255 / 16).astype(np.uint8)
    return Image.fromarray(values).resize((28, 28), Image.NEAREST)


def check_fixture(digits, fixture):
    with open(os.path.join(fixture, "labels.txt")) as lines:
        labels = dict(line.split(" : ") for line in lines.read().split("\n") if line)
    for name, label in labels.items():
        index = int(name) - 1
        stored = np.asarray(Image.open(os.path.join(fixture, "images", name + ".png")))
        if not np.array_equal(stored, np.asarray(picture(digits, index))) or int(label) != digits.target[index]:
            sys.exit("fixture picture %s.png is not load_digits image %d" % (name, index))
    print("fixture: %d pictures match load_digits 0..%d" % (len(labels), len(labels) - 1))


def main():
    digits = load_digits()
    if len(sys.argv) > 1:
        check_fixture(digits, sys.argv[1])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits-holdout")
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    lines = []
    for index in range(FIRST, len(digits.images)):
        name = str(index + 1)
        picture(digits, index).save(os.path.join(out, "images", name + ".png"))
        lines.append("%s : %d" % (name, digits.target[index]))
    with open(os.path.join(out, "labels.txt"), "w") as labels:
        labels.write("\n".join(lines) + "\n")
    print("wrote %d pictures to %s" % (len(lines), out))


if __name__ == "__main__":
    main()

"""Writes wine.csv and breast_cancer.csv from Debian's python3-sklearn, and the small synthetic
customers.csv (a category column, a boolean column, blanks, an id column and a constant column).

Run with /usr/bin/python3 from this directory. iris.csv and diabetes.csv are copied from
../shared/fixtures/datasets.
"""
import csv

import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine


def write(name, frame_columns, rows):
    with open(name, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(frame_columns)
        writer.writerows(rows)


def sklearn_csv(name, bunch, blanks_in=None, blanks=0):
    columns = [c.replace(" ", "_") for c in bunch.feature_names] + ["class"]
    labels = [str(bunch.target_names[t]) for t in bunch.target]
    rows = [[repr(float(v)) for v in x] + [label] for x, label in zip(bunch.data, labels)]
    if blanks_in is not None:
        j = list(bunch.feature_names).index(blanks_in)
        for i in np.random.RandomState(42).choice(len(rows), blanks, replace=False):
            rows[i][j] = ""
    write(name, columns, rows)


sklearn_csv("wine.csv", load_wine(), blanks_in="ash", blanks=20)
sklearn_csv("breast_cancer.csv", load_breast_cancer())

# customers: churn depends on plan, tenure and a boolean; region is noise; id and country are dropped
rng = np.random.RandomState(7)
rows = []
for i in range(240):
    plan = rng.choice(["basic", "plus", "pro"], p=[0.5, 0.3, 0.2])
    tenure = rng.uniform(0, 60)
    support = rng.rand() < 0.4
    region = rng.choice(["north", "south", "east", "west"])
    score = {"basic": 1.5, "plus": 0.0, "pro": -1.5}[plan] - 0.06 * tenure + (1.2 if support else 0.0)
    churn = "yes" if score + rng.normal(0, 0.6) > -0.5 else "no"
    tenure_cell = "" if rng.rand() < 0.08 else f"{tenure:.1f}"
    plan_cell = "" if rng.rand() < 0.05 else plan
    rows.append([str(1000 + i), plan_cell, tenure_cell, "true" if support else "false", region, "NL", churn])
write("customers.csv", ["customer_id", "plan", "tenure", "called_support", "region", "country", "churn"], rows)

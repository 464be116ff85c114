"""Where the live server and the fixture files are, from the environment.

MODELHOST_URL           the server, e.g. http://127.0.0.1:8080
MODELHOST_USERNAME      a user of it who may upload models and datasets
MODELHOST_PASSWORD      their password
MODELHOST_FIXTURES      a directory holding iris_rf.joblib, iris_rf.json, iris.csv, digits_cnn.onnx and
                        digits_cnn.json (searched recursively, so the project's fixtures/ folder works too)

Without MODELHOST_URL the live tests are skipped.
"""

from __future__ import annotations

import os
import sys
import unittest
from pathlib import Path

# the package from this checkout, whether or not it is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

URL = os.environ.get("MODELHOST_URL")
USERNAME = os.environ.get("MODELHOST_USERNAME", "")
PASSWORD = os.environ.get("MODELHOST_PASSWORD", "")
FIXTURES = os.environ.get("MODELHOST_FIXTURES", "")


def require_server() -> None:
    """Skips the calling test class when no server is configured."""
    if not URL:
        raise unittest.SkipTest("MODELHOST_URL is not set: no server to test against")
    if not USERNAME or not PASSWORD:
        raise unittest.SkipTest("MODELHOST_USERNAME and MODELHOST_PASSWORD are not set")


def fixture(name: str) -> Path:
    """A fixture file by name, under MODELHOST_FIXTURES."""
    if not FIXTURES:
        raise unittest.SkipTest("MODELHOST_FIXTURES is not set")
    direct = Path(FIXTURES) / name
    if direct.is_file():
        return direct
    for found in Path(FIXTURES).rglob(name):
        return found
    raise FileNotFoundError(f"no fixture {name} under {FIXTURES}")

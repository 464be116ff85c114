"""How rows in Python's shapes become prediction bodies (no server needed)."""

from __future__ import annotations

import math
import unittest

import _server  # noqa: F401  (puts the package on the path)
from modelhost import _data, errors

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None  # type: ignore[assignment]

try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None


class RowsTests(unittest.TestCase):

    def test_list_of_dicts_are_named_rows(self) -> None:
        body, index = _data.prediction_body([{"a": 1, "b": float("nan")}, {"a": 2, "b": None}])
        self.assertEqual(body, {"instances": [{"a": 1, "b": None}, {"a": 2, "b": None}]})
        self.assertIsNone(index)

    def test_one_dict_is_one_named_row(self) -> None:
        self.assertEqual(_data.prediction_body({"a": 1.5})[0], {"instances": [{"a": 1.5}]})

    def test_lists_are_positional_rows_and_a_flat_list_one_row(self) -> None:
        self.assertEqual(_data.prediction_body([[1, 2], [3, 4]])[0], {"inputs": [[1, 2], [3, 4]]})
        self.assertEqual(_data.prediction_body([1, 2, 3])[0], {"inputs": [[1, 2, 3]]})

    def test_mixed_rows_are_refused(self) -> None:
        with self.assertRaises(TypeError):
            _data.prediction_body([{"a": 1}, [1]])
        with self.assertRaises(TypeError):
            _data.prediction_body("5.1,3.5")
        with self.assertRaises(ValueError):
            _data.prediction_body([])

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_numpy_arrays_and_scalars_become_plain_json(self) -> None:
        array = np.array([[5.1, np.nan], [6.3, 2.5]], dtype=np.float32)
        body = _data.prediction_body(array)[0]
        self.assertEqual(len(body["inputs"]), 2)
        self.assertIsNone(body["inputs"][0][1])
        self.assertTrue(math.isclose(body["inputs"][1][0], 6.3, rel_tol=1e-6))
        self.assertEqual(_data.prediction_body(np.arange(3))[0], {"inputs": [[0, 1, 2]]})
        self.assertEqual(_data.jsonable({"n": np.int64(7), "b": np.bool_(True)}), {"n": 7, "b": True})

    @unittest.skipIf(pd is None, "pandas is not installed")
    def test_dataframes_are_named_rows_keeping_their_index(self) -> None:
        frame = pd.DataFrame({"x": [1.0, None], "label": ["a", None]}, index=["r1", "r2"])
        body, index = _data.prediction_body(frame)
        self.assertEqual(body, {"instances": [{"x": 1.0, "label": "a"}, {"x": None, "label": None}]})
        self.assertEqual(list(index), ["r1", "r2"])
        positional = pd.DataFrame([[1, 2], [3, 4]])
        self.assertEqual(_data.prediction_body(positional)[0], {"inputs": [[1, 2], [3, 4]]})

    @unittest.skipIf(pd is None, "pandas is not installed")
    def test_probabilities_become_a_frame_by_class(self) -> None:
        frame = _data.probabilities_table([[0.25, 0.75]], ["no", "yes"], pd.Index(["r1"]))
        self.assertEqual(list(frame.columns), ["no", "yes"])
        self.assertEqual(list(frame.index), ["r1"])
        self.assertEqual(frame.loc["r1", "yes"], 0.75)


class ErrorsTests(unittest.TestCase):

    def test_problems_map_to_their_exceptions(self) -> None:
        problem = {"type": "https://modelhost.io/problems/model-not-found", "title": "Model not found",
                   "status": 404, "detail": "No such model.", "requestId": "abc"}
        error = errors.error_for(404, problem, "abc")
        self.assertIsInstance(error, errors.NotFound)
        self.assertEqual((error.slug, error.title, error.detail, error.request_id),
                         ("model-not-found", "Model not found", "No such model.", "abc"))
        self.assertIn("abc", str(error))
        invalid = errors.error_for(400, {"type": "https://modelhost.io/problems/invalid-input"})
        self.assertIsInstance(invalid, errors.InvalidInput)
        self.assertIsInstance(invalid, errors.BadRequest)
        self.assertIsInstance(errors.error_for(429, {}, retry_after=3), errors.QuotaExceeded)
        self.assertIsInstance(errors.error_for(418, {}), errors.ClientError)
        self.assertIsInstance(errors.error_for(503, {}), errors.ServiceUnavailable)
        self.assertIsInstance(errors.error_for(507, {}), errors.ServerError)


if __name__ == "__main__":
    unittest.main()

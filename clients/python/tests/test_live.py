"""The client against a live Modelhost server (see _server.py for the environment it needs)."""

from __future__ import annotations

import csv
import json
import math
import re
import struct
import tempfile
import time
import unittest
import uuid
import zlib
from pathlib import Path
from typing import Any

import _server
import modelhost
from modelhost import _data

try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


def _rows(matrix: Any) -> list[list[float]]:
    """Probabilities as lists, whether a DataFrame or lists came back."""
    if pd is not None and isinstance(matrix, pd.DataFrame):
        return [list(map(float, row)) for row in matrix.itertuples(index=False, name=None)]
    return [list(map(float, row)) for row in matrix]


def _png(grey: list[list[int]]) -> bytes:
    """A grey 8-bit PNG of these pixel rows, written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", len(grey[0]), len(grey), 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + bytes(row) for row in grey)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


class LiveTests(unittest.TestCase):
    """One user's session: the iris random forest uploaded once with the CSV's column names."""

    client: modelhost.Client
    model: modelhost.Model
    reference: dict[str, Any]
    columns: list[str]
    table: list[dict[str, str]]

    @classmethod
    def setUpClass(cls) -> None:
        _server.require_server()
        assert _server.URL is not None
        cls.client = modelhost.Client.login(_server.URL, _server.USERNAME, _server.PASSWORD)
        cls.reference = json.loads(_server.fixture("iris_rf.json").read_text())
        with _server.fixture("iris.csv").open(newline="") as file:
            cls.table = list(csv.DictReader(file))
        cls.columns = [c for c in cls.table[0] if c != "species"]
        # the fixture was fitted on a bare array: name its features after the CSV's columns
        cls.model = cls.client.models.upload(_server.fixture("iris_rf.joblib"), _unique("iris"),
                                             "Iris species from sepal and petal measurements",
                                             features=cls.columns)

    def reference_rows(self) -> list[dict[str, float]]:
        """The rows the fixture's reference answers are for, by column name."""
        return [dict(zip(self.columns, row)) for row in self.reference["inputs"]]

    def assert_reference_answers(self, prediction: modelhost.Prediction) -> None:
        self.assertEqual(prediction.predictions, self.reference["predictions"])
        self.assertEqual(prediction.classes, self.reference["classes"])
        for got, expected in zip(_rows(prediction.probabilities), self.reference["probabilities"]):
            for g, e in zip(got, expected):
                self.assertTrue(math.isclose(g, e, abs_tol=1e-9), f"{got} != {expected}")

    def test_upload_gives_an_endpoint_with_the_named_features(self) -> None:
        model = self.model
        self.assertEqual(model.format, "sklearn")
        self.assertEqual(model.version, 1)
        self.assertTrue(model.endpoint_url.endswith(f"/api/v1/models/{model.id}/predict"), model.endpoint_url)
        self.assertEqual([f["name"] for f in model.schema["features"]], self.columns)
        self.assertEqual(self.client.models.get(model.id).name, model.name)
        self.assertEqual(self.client.models.get(model.name).id, model.id)
        self.assertIn(model.id, [m.id for m in self.client.models.list(name=model.name)])

    @unittest.skipIf(pd is None, "pandas is not installed")
    def test_predict_from_a_dataframe(self) -> None:
        frame = pd.read_csv(_server.fixture("iris.csv")).drop(columns="species").head(len(self.reference["inputs"]))
        frame.index = [f"flower {i}" for i in range(len(frame))]
        prediction = self.client.predict(self.model, frame)
        self.assert_reference_answers(prediction)
        self.assertIsInstance(prediction.probabilities, pd.DataFrame)
        self.assertEqual(list(prediction.probabilities.columns), self.reference["classes"])
        self.assertEqual(list(prediction.probabilities.index), list(frame.index))
        self.assertEqual(prediction.model_version, 1)
        self.assertEqual(prediction.model_id, self.model.id)

    def test_predict_from_a_list_of_dicts(self) -> None:
        prediction = self.client.predict(self.model.id, self.reference_rows())
        self.assert_reference_answers(prediction)
        self.assertEqual(prediction.model_version, 1)
        self.assertRegex(prediction.request_id or "", REQUEST_ID)

    def test_predict_from_positional_rows_and_one_dict(self) -> None:
        self.assert_reference_answers(self.client.predict(self.model, self.reference["inputs"]))
        one = self.client.predict(self.model.name, self.reference_rows()[0])
        self.assertEqual(one.predictions, self.reference["predictions"][:1])

    def test_an_api_key_predicts_but_cannot_manage(self) -> None:
        key = self.client.create_api_key(_unique("python tests"), models=[self.model])
        with_key = modelhost.Client(self.client.url, api_key=key["key"])
        self.assert_reference_answers(with_key.predict(self.model.id, self.reference_rows()))
        with self.assertRaises(modelhost.Forbidden) as refused:
            with_key.models.list()
        self.assertEqual(refused.exception.status, 403)
        self.assertEqual(refused.exception.slug, "forbidden")

    def test_unknown_model_is_not_found_with_the_request_id(self) -> None:
        with self.assertRaises(modelhost.NotFound) as caught:
            self.client.predict(str(uuid.uuid4()), self.reference_rows())
        error = caught.exception
        self.assertEqual(error.status, 404)
        self.assertEqual(error.type, "https://modelhost.io/problems/model-not-found")
        self.assertTrue(error.title)
        self.assertTrue(error.detail)
        self.assertRegex(error.request_id or "", REQUEST_ID)
        self.assertEqual(error.problem.get("requestId"), error.request_id)
        self.assertIn(error.request_id or "?", str(error))

    def test_rows_that_do_not_fit_are_invalid_input_with_pointers(self) -> None:
        rows: list[dict[str, Any]] = list(self.reference_rows()[:2])
        del rows[1][self.columns[0]]
        rows[0][self.columns[1]] = "wide"
        with self.assertRaises(modelhost.InvalidInput) as caught:
            self.client.predict(self.model, rows)
        error = caught.exception
        self.assertEqual((error.status, error.slug), (400, "invalid-input"))
        pointers = [e["pointer"] for e in error.errors]
        self.assertIn(f"/instances/0/{self.columns[1]}", pointers)
        self.assertIn("/instances/1", pointers)

    def test_a_csv_uploaded_as_a_model_is_refused_with_the_servers_detail(self) -> None:
        with self.assertRaises(modelhost.ClientError) as caught:
            self.client.models.upload(_server.fixture("iris.csv"), _unique("not-a-model"), "a CSV, not a model")
        error = caught.exception
        self.assertIsInstance(error, modelhost.UnsupportedMediaType)
        self.assertEqual((error.status, error.slug), (415, "unsupported-format"))
        self.assertEqual(error.problem.get("phase"), "detect")
        self.assertTrue(error.detail)
        self.assertIn(error.detail or "?", str(error))
        self.assertTrue(error.problem.get("hint"))
        self.assertRegex(error.request_id or "", REQUEST_ID)

    def test_a_file_over_the_upload_limit_is_payload_too_large_not_a_broken_pipe(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            big = Path(directory) / "big.joblib"
            with big.open("wb") as file:  # far over the limit: the server answers before it has read it all
                file.truncate(64 * 1024 * 1024)
            with self.assertRaises(modelhost.PayloadTooLarge) as caught:
                self.client.models.upload(big, _unique("too-big"), "over the upload limit")
        self.assertEqual((caught.exception.status, caught.exception.slug), (413, "upload-too-large"))
        self.assertIn("upload limit", caught.exception.detail or "")

    def test_an_expired_access_token_is_refreshed_once(self) -> None:
        assert _server.URL is not None
        client = modelhost.Client.login(_server.URL, _server.USERNAME, _server.PASSWORD)
        client._transport.token = "not.a.token"
        self.assertEqual(client.models.get(self.model.id).id, self.model.id)
        self.assertNotEqual(client._transport.token, "not.a.token")
        client._transport.token = "not.a.token"
        client._transport.refresh_token = "not a refresh token"
        with self.assertRaises(modelhost.Unauthorized):
            client.models.get(self.model.id)

    def test_a_model_file_uploaded_as_a_dataset_is_unprocessable(self) -> None:
        with self.assertRaises(modelhost.Unprocessable) as caught:
            self.client.datasets.upload(_server.fixture("iris_rf.joblib"), _unique("not-a-table"))
        self.assertEqual((caught.exception.status, caught.exception.slug), (422, "invalid-dataset"))
        self.assertTrue(caught.exception.detail)

    def test_a_wrong_password_is_unauthorized(self) -> None:
        assert _server.URL is not None
        with self.assertRaises(modelhost.Unauthorized) as caught:
            modelhost.Client.login(_server.URL, _server.USERNAME, _server.PASSWORD + " not")
        self.assertEqual(caught.exception.slug, "invalid-credentials")

    def test_no_server_is_unreachable(self) -> None:
        with self.assertRaises(modelhost.Unreachable) as caught:
            modelhost.Client("http://127.0.0.1:9", timeout=5).models.get(self.model.id)
        self.assertIsNone(caught.exception.status)

    def test_stats_count_the_models_requests(self) -> None:
        model = self.client.models.upload(_server.fixture("iris_rf.joblib"), _unique("iris-stats"), "for stats",
                                          features=self.columns)
        self.client.predict(model, self.reference_rows())
        self.client.predict(model, self.reference_rows()[:1])
        with self.assertRaises(modelhost.InvalidInput):
            self.client.predict(model, [{"nothing": 1}])
        deadline = time.monotonic() + 10
        while True:  # usage records are written within a fraction of a second
            stats = self.client.models.stats(model, "1h")
            if stats.period["total"] >= 3 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(stats.period["total"], 3)
        self.assertEqual(stats.period["success"], 2)
        self.assertEqual(stats.period["client_error"], 1)
        self.assertEqual(stats.total_requests, 3)
        self.assertEqual(sum(point["total"] for point in stats.series), 3)
        with self.assertRaises(ValueError):
            self.client.models.stats(model, "a fortnight")

    def test_delete_archives_the_model(self) -> None:
        model = self.client.models.upload(_server.fixture("iris_rf.joblib"), _unique("iris-gone"), "to delete")
        self.client.models.delete(model)
        with self.assertRaises(modelhost.NotFound):
            self.client.predict(model, self.reference["inputs"])
        self.assertIn(model.id, [m.id for m in self.client.models.list(archived=True)])
        self.client.models.delete(model.id, permanent=True)
        with self.assertRaises(modelhost.NotFound):
            self.client.models.get(model.id)

    def test_training_on_the_iris_csv_waits_for_its_model(self) -> None:
        dataset = self.client.datasets.upload(_server.fixture("iris.csv"), _unique("iris"))
        self.assertEqual(dataset.rows, 150)
        seen: list[str] = []
        job = self.client.train(dataset, "species", _unique("iris-trained"), time_budget_s=5)
        self.assertIn(job.status, ("queued", "running"))
        result = job.wait(progress=lambda j: seen.append(j["status"]), timeout=300, poll_interval=0.5)
        self.assertEqual(seen[-1], "succeeded")
        self.assertEqual(result.task, "classification")
        self.assertEqual(result.model_version, 1)
        self.assertTrue(result.leaderboard)
        self.assertEqual(result.leaderboard[0]["rank"], 1)
        self.assertGreater(result.best["cv_metrics"]["accuracy"], 0.9)
        prediction = self.client.predict(result.model_id, [
            {c: float(row[c]) for c in self.columns} for row in (self.table[0], self.table[75], self.table[149])])
        self.assertEqual(prediction.predictions, ["setosa", "versicolor", "virginica"])
        self.assertEqual(prediction.classes, ["setosa", "versicolor", "virginica"])
        self.assertEqual(job.model().id, result.model_id)

    def test_training_a_missing_column_lists_the_problem(self) -> None:
        dataset = self.client.datasets.upload(_server.fixture("iris.csv"), _unique("iris"))
        with self.assertRaises(modelhost.BadRequest) as caught:
            self.client.train(dataset, "colour", _unique("never"), time_budget_s=5)
        self.assertEqual(caught.exception.slug, "invalid-training-request")
        self.assertIn("/target", [e["pointer"] for e in caught.exception.errors])

    def test_batch_prediction_of_the_csv_scores_every_row(self) -> None:
        job = self.client.batch_predict(self.model, _server.fixture("iris.csv"))
        rows = job.wait(timeout=300, poll_interval=0.5)
        self.assertEqual(job.rows_ok, 150)
        self.assertEqual(job.rows_failed, 0)
        if pd is not None:
            self.assertEqual(len(rows), 150)
            predictions = [int(p) for p in rows["prediction"].head(len(self.reference["predictions"]))]
        else:
            self.assertEqual(len(rows), 150)
            predictions = [int(r["prediction"]) for r in rows[:len(self.reference["predictions"])]]
        self.assertEqual(predictions, self.reference["predictions"])

    def test_an_image_model_classifies_pictures(self) -> None:
        reference = json.loads(_server.fixture("digits_cnn.json").read_text())
        labels = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        # 8x8 grey pictures whose pixel v/16 is drawn as 15*v: the scale 1/240 gives v/16 back exactly
        model = self.client.models.upload(_server.fixture("digits_cnn.onnx"), _unique("digits"), "Digits, 8x8 grey",
                                          image_input={"width": 8, "height": 8, "channels": 1, "layout": "NCHW",
                                                       "scale": 1 / 240, "labels": labels})
        self.assertEqual(model.image_input["width"], 8)
        pictures = [_png([[round(v * 16) * 15 for v in row] for row in image[0]]) for image in reference["inputs"]]
        prediction = self.client.predict_pictures(model, pictures)
        expected = [labels[max(range(10), key=row.__getitem__)] for row in reference["outputs"]]
        self.assertEqual(prediction.predictions, expected)
        self.assertEqual(prediction.classes, labels)
        for got, want in zip(_rows(prediction.probabilities), reference["outputs"]):
            for g, w in zip(got, want):
                self.assertTrue(math.isclose(g, w, abs_tol=1e-5), f"{got} != {want}")
        with tempfile.TemporaryDirectory() as directory:
            picture = Path(directory) / "first.png"
            picture.write_bytes(pictures[0])
            self.assertEqual(self.client.predict_pictures(model, picture).predictions, expected[:1])
        with self.assertRaises(modelhost.UnsupportedMediaType) as refused:
            self.client.predict_pictures(model, b"GIF89a not a picture this server reads")
        self.assertEqual(refused.exception.slug, "unsupported-picture")

    @unittest.skipIf(pd is None, "pandas is not installed")
    def test_a_dataframe_uploads_as_a_dataset(self) -> None:
        frame = pd.read_csv(_server.fixture("iris.csv"))
        dataset = self.client.datasets.upload(frame, _unique("iris-frame"))
        self.assertEqual(dataset.rows, len(frame))
        preview = self.client.datasets.preview(dataset, rows=3)
        self.assertEqual(list(preview.columns), list(frame.columns))
        self.assertEqual(preview["species"].tolist(), frame["species"].head(3).tolist())
        self.client.datasets.delete(dataset)
        with self.assertRaises(modelhost.NotFound):
            self.client.datasets.get(dataset.id)


if __name__ == "__main__":
    unittest.main()

"""The Modelhost client: models, predictions, datasets, training, statistics and batch predictions."""

from __future__ import annotations

import base64
import builtins
import datetime
import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import _data
from ._http import FilePart, Transport
from .errors import NotFound
from .resources import BatchJob, Dataset, Model, Prediction, Stats, TrainingJob

__all__ = ["Client", "Models", "Datasets"]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)\s*$")

_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}

ModelRef = Model | Mapping[str, Any] | str
"""A model: a :class:`Model`, a dict with its ``id``, its id, or the name of one of your models."""

DatasetRef = Dataset | Mapping[str, Any] | str
"""A dataset: a :class:`Dataset`, a dict with its ``id``, or its id."""


class Client:
    """A connection to a Modelhost server.

    With an API key, the client can predict (and read model docs, run batch predictions) for the
    models the key may call; everything else (uploads, datasets, training, statistics) needs a user's
    login: :meth:`login`. A login's access token is refreshed by itself when it expires.

    >>> client = Client("http://localhost:8080", api_key="mh_...")          # doctest: +SKIP
    >>> client = Client.login("http://localhost:8080", "ada", "correct horse battery")  # doctest: +SKIP

    Args:
        url: the server's base URL, e.g. ``http://localhost:8080``.
        api_key: an API key (``X-API-Key``).
        token: an access token (``Authorization: Bearer``), if you have one rather than a key.
        timeout: seconds one request may take (uploads included).
    """

    def __init__(self, url: str, api_key: str | None = None, *, token: str | None = None,
                 refresh_token: str | None = None, timeout: float = 120.0) -> None:
        self._transport = Transport(url, api_key=api_key, token=token, refresh_token=refresh_token, timeout=timeout)
        self.models = Models(self)
        """Upload, list, read, delete models; their usage statistics."""
        self.datasets = Datasets(self)
        """Upload, list, read, preview, delete datasets."""

    @classmethod
    def login(cls, url: str, username: str, password: str, *, timeout: float = 120.0) -> Client:
        """Signs in with a username and password (``POST /api/v1/auth/login``) and returns a client
        that uses the login's tokens.

        Raises:
            Unauthorized: an unknown user or a wrong password (``invalid-credentials``).
            QuotaExceeded: too many failed logins lately.
        """
        client = cls(url, timeout=timeout)
        tokens = client._transport.request("POST", "/api/v1/auth/login",
                                           json_body={"username": username, "password": password},
                                           authenticate=False).json()
        client._transport.token = tokens["access_token"]
        client._transport.refresh_token = tokens.get("refresh_token")
        return client

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._transport.base

    def me(self) -> dict[str, Any]:
        """The signed-in account, with its usage and limits (``GET /api/v1/auth/me``)."""
        return dict(self._get("/api/v1/auth/me"))

    def create_api_key(self, name: str, *, requests_per_minute: int | None = None,
                       expires_at: datetime.datetime | None = None,
                       models: Sequence[ModelRef] | None = None) -> dict[str, Any]:
        """Creates an API key for the signed-in user; the answer's ``key`` is shown this once.

        Args:
            models: the only models the key may call (default: all of the user's).
        """
        body: dict[str, Any] = {"name": name}
        if requests_per_minute is not None:
            body["requests_per_minute"] = requests_per_minute
        if expires_at is not None:
            body["expires_at"] = _instant(expires_at)
        if models is not None:
            body["model_ids"] = [self.models._id(m) for m in models]
        return dict(self._post("/api/v1/api-keys", body))

    def predict(self, model: ModelRef, rows: Any, *, version: int | None = None) -> Prediction:
        """Predictions of a model for some rows (``POST /api/v1/models/{id}/predict``).

        Args:
            model: a :class:`Model`, a model id, or the name of one of your models (a name needs a
                login: an API key cannot list models).
            rows: a pandas DataFrame (rows named by its columns), a list of dicts or one dict (named
                rows), a numpy array or a list of lists (rows in the model's feature order), one flat
                list (one row). Missing values (None, NaN) are sent as null.
            version: a version to call rather than the one ``production`` points to.

        Returns:
            a :class:`Prediction`: ``predictions``, ``probabilities`` (a DataFrame with pandas),
            ``classes``, ``model_version``.

        Raises:
            InvalidInput: the rows do not fit the model (``errors`` points at each problem).
            NotFound: no such model that you can see.
        """
        body, index = _data.prediction_body(rows)
        model_id = self.models._id(model)
        path = f"/api/v1/models/{model_id}/predict" if version is None else \
            f"/api/v1/models/{model_id}/versions/{int(version)}/predict"
        answer = self._transport.request("POST", path, json_body=body)
        return Prediction(answer.json(), answer.request_id, index)

    def predict_pictures(self, model: ModelRef, pictures: str | os.PathLike[str] | bytes | Sequence[
            str | os.PathLike[str] | bytes], *, version: int | None = None) -> Prediction:
        """Classifies PNG or JPEG pictures with an image model (one whose ``image_input`` is declared).

        Args:
            pictures: a picture or a list of them, each a file path or the file's bytes; sent as
                base64 in ``{"images": […]}``.
            version: a version to call rather than the one ``production`` points to.

        Returns:
            a :class:`Prediction`: one label per picture, the probabilities and classes.

        Raises:
            UnsupportedMediaType: a picture that is not a PNG or JPEG.
            Unprocessable: a damaged picture, or pictures for a model without an image input.
        """
        if isinstance(pictures, (str, bytes, os.PathLike)):
            pictures = [pictures]
        images = []
        for picture in pictures:
            if isinstance(picture, (str, os.PathLike)):
                with open(picture, "rb") as file:
                    picture = file.read()
            images.append(base64.b64encode(picture).decode("ascii"))
        model_id = self.models._id(model)
        path = f"/api/v1/models/{model_id}/predict" if version is None else \
            f"/api/v1/models/{model_id}/versions/{int(version)}/predict"
        answer = self._transport.request("POST", path, json_body={"images": images})
        return Prediction(answer.json(), answer.request_id)

    def train(self, dataset: DatasetRef | Any, target: str | None = None, model_name: str | None = None, *,
              task: str | None = None, metric: str | None = None, time_budget_s: int | None = None,
              folds: int | None = None, exclude_columns: Sequence[str] | None = None, seed: int | None = None,
              **image_options: Any) -> TrainingJob:
        """Starts a training job on a dataset (``POST /api/v1/training-jobs``); ``.wait()`` on the job
        returns its result: leaderboard, best candidate, ``model_id``, ``model_version``.

        Args:
            dataset: a :class:`Dataset` or dataset id; or a DataFrame or CSV path, uploaded first as a
                dataset named after ``model_name``.
            target: the column to predict (tabular datasets).
            model_name: the model to register the winner as (a new model, or your model's next version).
            task: ``classification`` or ``regression`` (inferred when absent).
            metric: ``accuracy``, ``f1_macro``, ``roc_auc``, ``log_loss``; ``rmse``, ``mae``, ``r2``.
            time_budget_s: the search's budget in seconds (server default 60; 5 to 3600).
            image_options: for an image dataset: ``epochs``, ``batch_size``, ``learning_rate``, …

        Raises:
            BadRequest: every problem of the request listed in ``errors`` (``invalid-training-request``).
        """
        if model_name is None:
            raise ValueError("model_name is required: the name the trained model is registered as")
        if _data.is_dataframe(dataset) or isinstance(dataset, os.PathLike) or (
                isinstance(dataset, str) and not _UUID.match(dataset) and os.path.isfile(dataset)):
            dataset = self.datasets.upload(dataset, model_name)
        body: dict[str, Any] = {"dataset_id": self.datasets._id(dataset), "model_name": model_name}
        optional = {"target": target, "task": task, "metric": metric, "time_budget_s": time_budget_s,
                    "folds": folds, "exclude_columns": list(exclude_columns) if exclude_columns else None,
                    "seed": seed}
        optional.update(image_options)
        body.update({k: v for k, v in optional.items() if v is not None})
        return TrainingJob(self, self._post("/api/v1/training-jobs", body))

    def training_job(self, job_id: str) -> TrainingJob:
        """A training job by its id."""
        return TrainingJob(self, self._get(f"/api/v1/training-jobs/{job_id}"))

    def batch_predict(self, model: ModelRef, data: DatasetRef | Any, *, version: int | None = None) -> BatchJob:
        """Scores a whole table with a model as a job (``POST /api/v1/models/{id}/batch-predictions``);
        ``.wait()`` returns the scored rows (a DataFrame with pandas).

        Args:
            data: a :class:`Dataset` or dataset id of yours; or a CSV path or a DataFrame, sent as a file
                (kept among your datasets).
            version: the model version to use (default the one its endpoint serves).
        """
        model_id = self.models._id(model)
        path = f"/api/v1/models/{model_id}/batch-predictions"
        if _data.is_dataframe(data) or isinstance(data, os.PathLike) or (
                isinstance(data, str) and not _UUID.match(data) and os.path.isfile(data)):
            fields = {"version": str(version)} if version is not None else {}
            answer = self._transport.request("POST", path, fields=fields, files={"file": _csv_part(data, "rows")})
            return BatchJob(self, answer.json())
        body: dict[str, Any] = {"dataset_id": self.datasets._id(data)}
        if version is not None:
            body["version"] = version
        return BatchJob(self, self._post(path, body))

    # plumbing shared with the resources

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._transport.request("GET", path, params=params).json()

    def _post(self, path: str, body: Any = None) -> Any:
        return self._transport.request("POST", path, json_body=body).json()

    def __repr__(self) -> str:
        return f"Client({self._transport.base!r})"


class Models:
    """The signed-in user's models (``/api/v1/models``)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def upload(self, path: str | os.PathLike[str], name: str, description: str, *,
               features: Sequence[str | Mapping[str, str]] | None = None, input_example: Any = None,
               inputs: Any = None, image_input: Mapping[str, Any] | str | None = None) -> Model:
        """Uploads a model file (``POST /api/v1/models``): a scikit-learn pickle or joblib file, PMML,
        ONNX, Keras ``.h5`` or TorchScript. Under the name of one of your live models it becomes that
        model's next version.

        Args:
            path: the model file (its format is recognised from its bytes).
            name: the model's name (1-100 characters).
            description: what the model does (1-2000 characters).
            features: names for the features of a model fitted on a bare array, in order (or
                ``{"name", "type"}`` dicts).
            input_example: a real input (a dict by feature name, a row, or up to 10 rows; a DataFrame's
                first rows), run once at upload and shown as the documented example.
            inputs: a TorchScript model's input declaration (``[{"name", "datatype", "shape"}]``).
            image_input: for a model that takes pictures: ``{"width", "height", "channels", "layout",
                "scale", "mean", "std", "labels", "output"}``; its endpoint then classifies PNG and JPEG
                pictures (:meth:`Client.predict_pictures`).

        Returns:
            the :class:`Model`, with ``id``, ``endpoint_url``, ``docs_url``, ``schema``, ``version``…

        Raises:
            UnsupportedMediaType: not a format served here (``problem["hint"]`` says how to convert it).
            Unprocessable: an unsafe, invalid or too large model file (``problem["phase"]`` says where).
            BadRequest: a missing name or description, bad features or example.
        """
        fields = {"name": name, "description": description}
        if features is not None:
            fields["features"] = json.dumps(list(features))
        if input_example is not None:
            if _data.is_dataframe(input_example):
                input_example = _data.prediction_body(input_example.head(10))[0]["instances"]
            fields["input_example"] = json.dumps(_data.jsonable(input_example))
        if inputs is not None:
            fields["inputs"] = inputs if isinstance(inputs, str) else json.dumps(inputs)
        if image_input is not None:
            fields["image_input"] = image_input if isinstance(image_input, str) else json.dumps(dict(image_input))
        answer = self._client._transport.request("POST", "/api/v1/models", fields=fields,
                                                 files={"file": FilePart.of_path(path)})
        return Model(answer.json())

    def list(self, name: str | None = None, *, status: str | None = None, format: str | None = None,
             archived: bool = False, sort: str | None = None, order: str | None = None) -> list[Model]:
        """Your models, every page (``GET /api/v1/models``), newest first by default.

        Args:
            name: only models whose name contains this (ignoring case).
            status: ``active``, ``inactive`` or ``failed``.
            format: e.g. ``sklearn``, ``pmml``, ``onnx``.
            archived: your archived models instead.
        """
        found: list[Model] = []
        page = 0
        while True:
            answer = self._client._get("/api/v1/models", {
                "name": name, "status": status, "format": format, "archived": archived or None, "sort": sort,
                "order": order, "page": page, "size": 100})
            models = answer.get("items") or []
            found.extend(Model(m) for m in models)
            total = answer.get("total")
            if not models or (isinstance(total, int) and len(found) >= total):
                return found
            page += 1

    def get(self, model: ModelRef) -> Model:
        """A model by id (or by name among yours) (``GET /api/v1/models/{id}``).

        Raises:
            NotFound: no such model that you can see.
        """
        return Model(self._client._get(f"/api/v1/models/{self._id(model)}"))

    def delete(self, model: ModelRef, *, permanent: bool = False) -> None:
        """Archives a model (restorable for a while), or deletes it for good with ``permanent=True``."""
        self._client._transport.request("DELETE", f"/api/v1/models/{self._id(model)}",
                                        params={"permanent": True} if permanent else None)

    def docs(self, model: ModelRef) -> dict[str, Any]:
        """The endpoint's documentation (inputs, example request and answer, snippets)."""
        return dict(self._client._get(f"/api/v1/models/{self._id(model)}/docs"))

    def versions(self, model: ModelRef) -> builtins.list[dict[str, Any]]:
        """Every version of a model, newest first."""
        answer = self._client._get(f"/api/v1/models/{self._id(model)}/versions")
        versions = answer.get("versions") if isinstance(answer, Mapping) else answer
        return [dict(v) for v in versions or []]

    def stats(self, model: ModelRef, period: str | datetime.timedelta | tuple[datetime.datetime,
              datetime.datetime] | None = None, *, bucket: str | None = None,
              api_key: str | None = None) -> Stats:
        """A model's usage and latency statistics (``GET /api/v1/models/{id}/stats``).

        Args:
            period: how far back from now, as ``"30m"``, ``"24h"``, ``"7d"`` or a timedelta; or a
                ``(from, to)`` pair of datetimes (naive ones are UTC). Default: the last 24 hours.
            bucket: ``minute``, ``hour`` or ``day`` for ``series`` (default by the period's length).
            api_key: an API key id: only the requests made with it.

        Returns:
            :class:`Stats`: ``period`` (counts by outcome, success rate), ``latency`` (avg, p50, p95,
            p99…), ``series`` (also ``series_frame``), ``latency_histogram``, ``total_requests``.
        """
        start, end = _period(period)
        return Stats(self._client._get(f"/api/v1/models/{self._id(model)}/stats", {
            "from": start, "to": end, "bucket": bucket, "api_key": api_key}))

    def _id(self, model: ModelRef) -> str:
        if isinstance(model, Mapping):
            return str(model["id"])
        if not isinstance(model, str):
            raise TypeError(f"a model is a Model, a model id or a name, not {type(model).__name__}")
        if _UUID.match(model):
            return model
        named = [m for m in self.list(name=model) if m.get("name") == model]
        if not named:
            raise NotFound(f"you have no model named {model!r}", status=404,
                           problem={"title": "Model not found", "detail": f"no model named {model!r}"})
        return str(named[0]["id"])


class Datasets:
    """The signed-in user's datasets (``/api/v1/datasets``)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def upload(self, data: str | os.PathLike[str] | Any, name: str, description: str | None = None) -> Dataset:
        """Uploads a CSV file, a pandas DataFrame (sent as CSV without its index), or a zip of labelled
        pictures (``POST /api/v1/datasets``).

        Returns:
            the :class:`Dataset`, profiled: ``rows``, ``columns`` (type, missing, distinct…).

        Raises:
            Unprocessable: not a usable CSV or image zip (``invalid-dataset``; ``errors`` names the lines).
            PayloadTooLarge: over the server's dataset size limit.
        """
        fields = {"name": name}
        if description is not None:
            fields["description"] = description
        answer = self._client._transport.request("POST", "/api/v1/datasets", fields=fields,
                                                 files={"file": _csv_part(data, name)})
        return Dataset(answer.json())

    def list(self) -> list[Dataset]:
        """Your datasets, newest first, every page."""
        found: list[Dataset] = []
        page = 0
        while True:
            answer = self._client._get("/api/v1/datasets", {"page": page, "size": 100})
            items = answer.get("items") or []
            found.extend(Dataset(d) for d in items)
            total = answer.get("total")
            if not items or (isinstance(total, int) and len(found) >= total):
                return found
            page += 1

    def get(self, dataset: DatasetRef) -> Dataset:
        """A dataset by id."""
        return Dataset(self._client._get(f"/api/v1/datasets/{self._id(dataset)}"))

    def preview(self, dataset: DatasetRef, rows: int = 20) -> Any:
        """The first rows, typed: a DataFrame with pandas, else the API's answer."""
        answer = self._client._get(f"/api/v1/datasets/{self._id(dataset)}/preview", {"rows": rows})
        records = answer.get("rows") if isinstance(answer, Mapping) else None
        if _data.has_pandas() and isinstance(records, list):
            columns = [c.get("name") if isinstance(c, Mapping) else c for c in answer.get("columns") or []]
            if records and isinstance(records[0], list) and columns:
                return _data.pd.DataFrame(records, columns=columns)
            return _data.frame_or_list(records)
        return answer

    def delete(self, dataset: DatasetRef) -> None:
        """Deletes a dataset."""
        self._client._transport.request("DELETE", f"/api/v1/datasets/{self._id(dataset)}")

    @staticmethod
    def _id(dataset: DatasetRef) -> str:
        if isinstance(dataset, Mapping):
            return str(dataset["id"])
        if isinstance(dataset, str):
            return dataset
        raise TypeError(f"a dataset is a Dataset or a dataset id, not {type(dataset).__name__}")


def _csv_part(data: Any, name: str) -> FilePart:
    if _data.is_dataframe(data):
        return FilePart(f"{name}.csv", content=_data.csv_bytes(data), content_type="text/csv")
    if isinstance(data, (str, os.PathLike)):
        return FilePart.of_path(data)
    raise TypeError(f"expected a file path or a pandas DataFrame, not {type(data).__name__}")


def _instant(value: datetime.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def _period(period: Any) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    if period is None:
        return None, None
    if isinstance(period, tuple):
        start, end = period
        return start, end
    if isinstance(period, str):
        match = _PERIOD.match(period)
        if not match:
            raise ValueError(f"a period is like '30m', '24h' or '7d', not {period!r}")
        period = datetime.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
    if isinstance(period, datetime.timedelta):
        end = datetime.datetime.now(datetime.timezone.utc)
        return end - period, end
    raise TypeError(f"a period is a string, a timedelta or a (from, to) pair, not {type(period).__name__}")

"""What the API answers, as Python objects: models, datasets, predictions, statistics and jobs."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import _data
from .errors import JobFailed, JobTimeout

if TYPE_CHECKING:
    from .client import Client

__all__ = ["Resource", "Model", "Dataset", "Stats", "Prediction", "Job", "TrainingJob", "TrainingResult",
           "BatchJob", "ProgressCallback"]


class Resource(Mapping[str, Any]):
    """An object of the API: its JSON members, readable as keys (``m["endpoint_url"]``) or attributes
    (``m.endpoint_url``)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no member {name!r}") from None

    def to_dict(self) -> dict[str, Any]:
        """The JSON members as a plain dict."""
        return dict(self._data)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={self._data[k]!r}" for k in self._summary() if k in self._data)
        return f"{type(self).__name__}({shown})"

    def _summary(self) -> tuple[str, ...]:
        return ("id", "name", "status")


class Model(Resource):
    """A model: ``id``, ``name``, ``endpoint_url``, ``docs_url``, ``schema``, ``format``, ``version``…"""

    def _summary(self) -> tuple[str, ...]:
        return ("id", "name", "format", "version", "status")


class Dataset(Resource):
    """A dataset: ``id``, ``name``, ``kind``, ``rows``, ``columns`` (with their profiles)…"""

    def _summary(self) -> tuple[str, ...]:
        return ("id", "name", "kind", "rows")


class Stats(Resource):
    """A model's usage statistics (``period``, ``latency``, ``series``, ``latency_histogram``…)."""

    def _summary(self) -> tuple[str, ...]:
        return ("from", "to", "bucket", "total_requests", "period")

    @property
    def series_frame(self) -> Any:
        """``series`` as a DataFrame (one row per bucket) with pandas, else the list itself."""
        return _data.frame_or_list(list(self._data.get("series") or []))


class Prediction:
    """The answer of a prediction endpoint.

    Attributes:
        predictions: one prediction per row (a label, a number, or a tensor model's output).
        probabilities: per row, one probability per class: a DataFrame with a column per class (and
            the input DataFrame's index) when pandas is installed, else a list of lists; None when the
            model gives none.
        classes: the classes, in the order of the probabilities, or None.
        model_id, model_version: the model and the version that answered.
        latency_ms: the server's time for the prediction.
        request_id: the server's id of the request (``X-Request-Id``).
        raw: the whole JSON answer.
    """

    def __init__(self, raw: Mapping[str, Any], request_id: str | None, index: Any = None) -> None:
        self.raw: dict[str, Any] = dict(raw)
        self.predictions: list[Any] = list(raw.get("predictions") or [])
        self.classes: list[Any] | None = raw.get("classes")
        self.probabilities: Any = _data.probabilities_table(raw.get("probabilities"), self.classes, index)
        self.model_id: str | None = raw.get("model_id")
        self.model_version: int | None = raw.get("model_version")
        self.latency_ms: float | None = raw.get("latency_ms")
        self.request_id = request_id

    def __len__(self) -> int:
        return len(self.predictions)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.predictions)

    def __getitem__(self, index: int) -> Any:
        return self.predictions[index]

    def __repr__(self) -> str:
        shown = self.predictions if len(self.predictions) <= 10 else self.predictions[:10] + ["…"]
        return f"Prediction(model_version={self.model_version}, predictions={shown})"


ProgressCallback = Callable[["Job"], None]
"""Called with the job each time its status, progress or stage changes while ``wait`` polls."""

_FINISHED = ("succeeded", "failed", "cancelled")


class Job(Resource):
    """A long-running job on the server. ``status`` is queued, running, succeeded, failed or cancelled."""

    _path = "/api/v1/jobs"

    def __init__(self, client: Client, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self._client = client

    def _summary(self) -> tuple[str, ...]:
        return ("id", "status", "progress", "stage")

    @property
    def done(self) -> bool:
        """Whether the job has finished (succeeded, failed or cancelled), as last read."""
        return self._data.get("status") in _FINISHED

    def refresh(self) -> Job:
        """Reads the job's state again from the server; returns the job itself."""
        self._data = dict(self._client._get(f"{self._path}/{self._data['id']}"))
        return self

    def cancel(self) -> Job:
        """Asks the server to cancel the job (a queued job at once, a running one within seconds)."""
        self._data = dict(self._client._post(f"{self._path}/{self._data['id']}/cancel"))
        return self

    def wait(self, progress: bool | ProgressCallback | None = None, *, timeout: float | None = None,
             poll_interval: float = 1.0) -> Any:
        """Polls the job until it finishes and returns its result.

        Args:
            progress: True to print a line to stderr whenever the status, progress or stage changes; a
                callable to be called with the job then instead.
            timeout: seconds to wait at most; then :class:`JobTimeout` (the job goes on running).
            poll_interval: seconds between two reads of the job.

        Raises:
            JobFailed: the job failed or was cancelled (its ``error`` in the message).
            JobTimeout: it did not finish within ``timeout``.
        """
        report = _printer if progress is True else progress if callable(progress) else None
        deadline = None if timeout is None else time.monotonic() + timeout
        seen: tuple[Any, ...] | None = None
        while True:
            state = (self._data.get("status"), self._data.get("progress"), self._data.get("stage"),
                     len(self._data.get("leaderboard") or []))
            if report is not None and state != seen:
                report(self)
            seen = state
            if self.done:
                break
            if deadline is not None and time.monotonic() >= deadline:
                raise JobTimeout(f"job {self._data['id']} is still {self._data.get('status')} after {timeout} s")
            time.sleep(poll_interval if deadline is None else max(0.0, min(poll_interval,
                                                                              deadline - time.monotonic())))
            self.refresh()
        status = self._data.get("status")
        if status != "succeeded":
            reason = self._data.get("error") or status
            raise JobFailed(f"job {self._data['id']} {status}: {reason}", self._data)
        return self._result()

    def _result(self) -> Any:
        return self


def _printer(job: Job) -> None:
    progress = job.get("progress")
    percent = f"{progress * 100:5.1f} %" if isinstance(progress, (int, float)) else "      "
    stage = job.get("stage") or ""
    board = job.get("leaderboard")
    best = ""
    if board:
        top = board[0]
        metrics = top.get("cv_metrics") or {}
        metric = job.get("metric")
        if metric in metrics:
            best = f" best {top.get('algorithm')} {metric}={metrics[metric]:.4g}"
    print(f"[{job.get('status')}] {percent} {stage}{best}", file=sys.stderr, flush=True)


class TrainingResult(Resource):
    """A finished training: ``model_id``, ``model_version``, ``endpoint_url``, ``leaderboard``, ``best``,
    ``task``, ``metric``…"""

    def _summary(self) -> tuple[str, ...]:
        return ("model_id", "model_version", "task", "metric", "best")

    @property
    def leaderboard_frame(self) -> Any:
        """The leaderboard as a DataFrame (rank, algorithm, one column per CV metric, fit seconds) with
        pandas, else the list of candidates."""
        rows = []
        for candidate in self._data.get("leaderboard") or []:
            row = {k: v for k, v in candidate.items() if k != "cv_metrics"}
            row.update(candidate.get("cv_metrics") or {})
            rows.append(row)
        return _data.frame_or_list(rows) if _data.has_pandas() else list(self._data.get("leaderboard") or [])


class TrainingJob(Job):
    """A training job (``POST /api/v1/training-jobs``); ``wait()`` returns a :class:`TrainingResult`."""

    _path = "/api/v1/training-jobs"

    def _result(self) -> TrainingResult:
        return TrainingResult(self._data)

    def model(self) -> Model:
        """The model the training registered (once it succeeded)."""
        model_id = self._data.get("model_id")
        if not model_id:
            raise ValueError(f"job {self._data['id']} has registered no model (status {self._data.get('status')})")
        return self._client.models.get(model_id)


class BatchJob(Job):
    """A batch prediction (``POST /api/v1/models/{id}/batch-predictions``); ``wait()`` returns its result
    rows (:meth:`result`)."""

    _path = "/api/v1/batch-predictions"

    def _summary(self) -> tuple[str, ...]:
        return ("id", "status", "progress", "rows_ok", "rows_failed")

    def _result(self) -> Any:
        return self.result()

    def result(self) -> Any:
        """The scored rows: a DataFrame with pandas (input columns, ``prediction``,
        ``probability_<class>``…, ``error``), else a list of dicts of strings."""
        answer = self._client._transport.request("GET", f"{self._path}/{self._data['id']}/result", accept="text/csv")
        return _data.read_csv(answer.body)

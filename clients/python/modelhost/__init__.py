"""Python client of Modelhost: upload models, predict from DataFrames, train from CSVs.

>>> import modelhost                                                          # doctest: +SKIP
>>> client = modelhost.Client.login("http://localhost:8080", "ada", "correct horse battery")
>>> model = client.models.upload("iris_rf.joblib", "iris", "Iris species")
>>> client.predict(model, [[5.1, 3.5, 1.4, 0.2]]).predictions
[0]

Standard library only; pandas and numpy are used when installed.
"""

__version__ = "0.1.0"

from .client import Client, Datasets, Models  # noqa: E402
from .errors import (  # noqa: E402
    BadRequest,
    ClientError,
    Conflict,
    DeadlineExceeded,
    Forbidden,
    Gone,
    InvalidInput,
    JobFailed,
    JobTimeout,
    ModelhostError,
    NotFound,
    PayloadTooLarge,
    QuotaExceeded,
    ServerError,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    Unreachable,
    UnsupportedMediaType,
)
from .resources import BatchJob, Dataset, Job, Model, Prediction, Stats, TrainingJob, TrainingResult  # noqa: E402

__all__ = [
    "Client", "Models", "Datasets",
    "Model", "Dataset", "Prediction", "Stats", "Job", "TrainingJob", "TrainingResult", "BatchJob",
    "ModelhostError", "Unreachable", "ClientError", "BadRequest", "InvalidInput", "Unauthorized", "Forbidden",
    "NotFound", "Conflict", "Gone", "PayloadTooLarge", "UnsupportedMediaType", "Unprocessable", "QuotaExceeded",
    "ServerError", "ServiceUnavailable", "DeadlineExceeded", "JobFailed", "JobTimeout",
]

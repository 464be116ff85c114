"""Exceptions raised by the client.

Every error answer of the Modelhost API is an RFC 9457 problem (``application/problem+json``); the
client raises it as a :class:`ModelhostError` subclass chosen by the HTTP status (and, for a few, by
the problem's type), carrying the problem's fields and the request id the server gave the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ModelhostError",
    "Unreachable",
    "ClientError",
    "BadRequest",
    "InvalidInput",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "Gone",
    "PayloadTooLarge",
    "UnsupportedMediaType",
    "Unprocessable",
    "QuotaExceeded",
    "ServerError",
    "ServiceUnavailable",
    "DeadlineExceeded",
    "JobFailed",
    "JobTimeout",
    "error_for",
]

PROBLEM_PREFIX = "https://modelhost.io/problems/"


class ModelhostError(Exception):
    """An error answered by the server, or met on the way to it.

    Attributes:
        status: the HTTP status, or ``None`` when no answer came.
        type: the problem's type URI, e.g. ``https://modelhost.io/problems/model-not-found``.
        slug: the last part of ``type`` (``model-not-found``); branch on it, not on ``detail``.
        title: the problem's fixed title for its type.
        detail: this occurrence, in words safe to show.
        request_id: the id the server gave the request (``X-Request-Id``); quote it to an operator.
        instance: the request path, as the server saw it.
        errors: the problem's ``errors`` list (JSON Pointers into the request, lines of a file…).
        problem: the whole problem body, extension members included.
        retry_after: seconds from ``Retry-After``, when the server said when to try again.
    """

    status: int | None
    type: str | None
    title: str | None
    detail: str | None
    request_id: str | None
    instance: str | None
    errors: list[Any]
    problem: dict[str, Any]
    retry_after: float | None

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        problem: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        body = dict(problem or {})
        self.status = status if status is not None else _int_or_none(body.get("status"))
        self.type = _str_or_none(body.get("type"))
        self.title = _str_or_none(body.get("title"))
        self.detail = _str_or_none(body.get("detail"))
        self.instance = _str_or_none(body.get("instance"))
        self.request_id = request_id or _str_or_none(body.get("requestId"))
        raw_errors = body.get("errors")
        self.errors = list(raw_errors) if isinstance(raw_errors, list) else []
        self.problem = body
        self.retry_after = retry_after
        super().__init__(message or self._describe())

    @property
    def slug(self) -> str | None:
        """The problem type's slug, e.g. ``invalid-input``."""
        if self.type is None:
            return None
        return self.type.rsplit("/", 1)[-1]

    def _describe(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(str(self.status))
        if self.title:
            parts.append(self.title)
        text = " ".join(parts)
        if self.detail:
            text = f"{text}: {self.detail}" if text else self.detail
        if self.request_id:
            text = f"{text} (request id {self.request_id})"
        return text or self.__class__.__name__


class Unreachable(ModelhostError):
    """The server could not be reached, or the connection broke before an answer."""


class ClientError(ModelhostError):
    """A 4xx answer: the request was refused as sent."""


class BadRequest(ClientError):
    """400: a field, parameter or body the API cannot take (``errors`` points at each problem)."""


class InvalidInput(BadRequest):
    """400 ``invalid-input`` or ``malformed-body``: a prediction body that does not fit the model."""


class Unauthorized(ClientError):
    """401: no, or an invalid, expired or revoked, token or API key; or a wrong login."""


class Forbidden(ClientError):
    """403: authenticated, but not allowed (API key outside its scope, permission, inactive model…)."""


class NotFound(ClientError):
    """404: nothing with this id that you can see."""


class Conflict(ClientError):
    """409: the state of the thing forbids it now (a version in production, a job finished…)."""


class Gone(ClientError):
    """410: it existed but was deleted (an expired batch result)."""


class PayloadTooLarge(ClientError):
    """413: an upload or a request body over a limit."""


class UnsupportedMediaType(ClientError):
    """415: a file in a format not served here (the problem's ``hint`` says how to convert it)."""


class Unprocessable(ClientError):
    """422: a file that was read and refused (unsafe, invalid, too large once expanded, bad CSV…)."""


class QuotaExceeded(ClientError):
    """429: a quota is spent or too many attempts; ``retry_after`` says when to try again."""


class ServerError(ModelhostError):
    """A 5xx answer: the server failed; quote ``request_id``."""


class ServiceUnavailable(ServerError):
    """503: busy or unavailable for now (``retry_after``)."""


class DeadlineExceeded(ServerError):
    """504: the prediction did not finish within its deadline."""


class JobFailed(ModelhostError):
    """A job (training, batch prediction) ended ``failed`` or ``cancelled``.

    Attributes:
        job: the job's last state as the server gave it.
    """

    job: dict[str, Any]

    def __init__(self, message: str, job: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.job = dict(job)


class JobTimeout(ModelhostError, TimeoutError):
    """A job did not finish within the time ``wait`` was given (it goes on running on the server)."""


_BY_STATUS: dict[int, type[ModelhostError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    410: Gone,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: Unprocessable,
    429: QuotaExceeded,
    503: ServiceUnavailable,
    504: DeadlineExceeded,
}

_BY_SLUG: dict[str, type[ModelhostError]] = {
    "invalid-input": InvalidInput,
    "malformed-body": InvalidInput,
}


def error_for(
    status: int,
    problem: Mapping[str, Any] | None,
    request_id: str | None = None,
    retry_after: float | None = None,
) -> ModelhostError:
    """The exception for an error answer: by the problem's type first, then by the status."""
    body = problem or {}
    kind: type[ModelhostError] | None = None
    problem_type = body.get("type")
    if isinstance(problem_type, str) and problem_type.startswith(PROBLEM_PREFIX):
        kind = _BY_SLUG.get(problem_type[len(PROBLEM_PREFIX):])
    if kind is None:
        kind = _BY_STATUS.get(status)
    if kind is None:
        kind = ServerError if status >= 500 else ClientError if status >= 400 else ModelhostError
    return kind(status=status, problem=body, request_id=request_id, retry_after=retry_after)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None

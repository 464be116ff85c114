"""HTTP for the client: http.client, JSON, streamed multipart uploads and problem answers."""

from __future__ import annotations

import datetime
import io
import json
import mimetypes
import os
import http.client
import ssl
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any, BinaryIO

from . import __version__
from .errors import ModelhostError, Unauthorized, Unreachable, error_for

REQUEST_ID_HEADER = "X-Request-Id"


@dataclass(frozen=True)
class FilePart:
    """A file for a multipart form: a path on disk, or bytes with a file name."""

    filename: str
    content: bytes | None = None
    path: str | None = None
    content_type: str = "application/octet-stream"

    @staticmethod
    def of_path(path: str | os.PathLike[str], content_type: str | None = None) -> FilePart:
        text = os.fspath(path)
        if not os.path.isfile(text):
            raise FileNotFoundError(text)
        guessed = content_type or mimetypes.guess_type(text)[0] or "application/octet-stream"
        return FilePart(os.path.basename(text), path=text, content_type=guessed)

    def size(self) -> int:
        if self.content is not None:
            return len(self.content)
        assert self.path is not None
        return os.path.getsize(self.path)

    def open(self) -> BinaryIO:
        if self.content is not None:
            return io.BytesIO(self.content)
        assert self.path is not None
        return open(self.path, "rb")


class _Multipart(io.RawIOBase):
    """A multipart/form-data body read part by part, so that a large file is never held in memory."""

    def __init__(self, fields: Mapping[str, str], files: Mapping[str, FilePart]) -> None:
        super().__init__()
        self.boundary = "modelhost-" + uuid.uuid4().hex
        self._pieces: list[Callable[[], IO[bytes]]] = []
        self.length = 0
        for name, value in fields.items():
            self._add_bytes(self._header(name) + b"\r\n" + value.encode("utf-8") + b"\r\n")
        for name, part in files.items():
            header = self._header(name, part.filename) + f"Content-Type: {part.content_type}\r\n\r\n".encode()
            self._add_bytes(header)
            self._pieces.append(part.open)
            self.length += part.size()
            self._add_bytes(b"\r\n")
        self._add_bytes(f"--{self.boundary}--\r\n".encode())
        self._current: IO[bytes] | None = None
        self._next = 0

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def _header(self, name: str, filename: str | None = None) -> bytes:
        disposition = f'form-data; name="{_quote(name)}"'
        if filename is not None:
            disposition += f'; filename="{_quote(filename)}"'
        return f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n".encode()

    def _add_bytes(self, data: bytes) -> None:
        self._pieces.append(lambda: io.BytesIO(data))
        self.length += len(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 62
        out = bytearray()
        while len(out) < size:
            if self._current is None:
                if self._next >= len(self._pieces):
                    break
                self._current = self._pieces[self._next]()
                self._next += 1
            chunk = self._current.read(min(size - len(out), 1 << 16))
            if not chunk:
                self._current.close()
                self._current = None
                continue
            out += chunk
        return bytes(out)

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        super().close()


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class Response:
    """An answer of the server."""

    status: int
    headers: Message
    body: bytes

    @property
    def request_id(self) -> str | None:
        return self.headers.get(REQUEST_ID_HEADER)

    def json(self) -> Any:
        if not self.body:
            return None
        return json.loads(self.body.decode("utf-8"))


class Transport:
    """Sends requests to one server with the client's credentials, and raises its problems."""

    def __init__(self, url: str, *, api_key: str | None = None, token: str | None = None,
                 refresh_token: str | None = None, timeout: float = 60.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"the server's URL must start with http:// or https://, not {url!r}")
        self.base = url.rstrip("/")
        self.api_key = api_key
        self.token = token
        self.refresh_token = refresh_token
        self.timeout = timeout
        self._refreshing = threading.Lock()

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        if path.startswith(("http://", "https://")):
            full = path
        else:
            full = self.base + (path if path.startswith("/") else "/" + path)
        query = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        if query:
            full += ("&" if "?" in full else "?") + urllib.parse.urlencode(query)
        return full

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                json_body: Any = None, fields: Mapping[str, str] | None = None,
                files: Mapping[str, FilePart] | None = None, accept: str = "application/json",
                headers: Mapping[str, str] | None = None, authenticate: bool = True,
                timeout: float | None = None) -> Response:
        """Sends one request; a 401 with a refresh token at hand refreshes the login and retries once."""
        used = self.token
        try:
            return self._send(method, path, params, json_body, fields, files, accept, headers, authenticate,
                              timeout)
        except Unauthorized:
            if not (authenticate and self.refresh_token and self.api_key is None):
                raise
            with self._refreshing:
                if self.token == used:  # not refreshed meanwhile by another thread
                    self.refresh()
            return self._send(method, path, params, json_body, fields, files, accept, headers, authenticate,
                              timeout)

    def refresh(self) -> None:
        """Trades the refresh token for new tokens (the refresh token rotates)."""
        answer = self._send("POST", "/api/v1/auth/refresh", None, {"refresh_token": self.refresh_token}, None,
                            None, "application/json", None, False, None).json()
        self.token = answer["access_token"]
        self.refresh_token = answer.get("refresh_token", self.refresh_token)

    def _send(self, method: str, path: str, params: Mapping[str, Any] | None, json_body: Any,
              fields: Mapping[str, str] | None, files: Mapping[str, FilePart] | None, accept: str,
              headers: Mapping[str, str] | None, authenticate: bool, timeout: float | None) -> Response:
        all_headers = {"Accept": accept, "User-Agent": f"modelhost-python/{__version__}"}
        body: bytes | None = None
        multipart: _Multipart | None = None
        if files is not None or fields is not None:
            multipart = _Multipart(fields or {}, files or {})
            all_headers["Content-Type"] = multipart.content_type
            all_headers["Content-Length"] = str(multipart.length)
        elif json_body is not None:
            body = json.dumps(json_body, allow_nan=False).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
            all_headers["Content-Length"] = str(len(body))
        elif method in ("POST", "PUT", "PATCH"):
            all_headers["Content-Length"] = "0"
        if authenticate:
            if self.api_key is not None:
                all_headers["X-API-Key"] = self.api_key
            elif self.token is not None:
                all_headers["Authorization"] = "Bearer " + self.token
        all_headers.update(headers or {})
        url = urllib.parse.urlsplit(self.url(path, params))
        target = (url.path or "/") + (f"?{url.query}" if url.query else "")
        connection: http.client.HTTPConnection
        if url.scheme == "https":
            connection = http.client.HTTPSConnection(url.hostname or "", url.port, timeout=timeout or self.timeout,
                                                     context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=timeout or self.timeout)
        broken: OSError | None = None
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in all_headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                if body is not None:
                    connection.send(body)
                elif multipart is not None:
                    while chunk := multipart.read(1 << 16):
                        connection.send(chunk)
            except OSError as error:
                # the server may refuse a body before it has all of it (a file over the upload limit)
                # and close the connection: its answer is still there to read
                broken = error
            answer = connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException) as error:
            reason = broken or error
            raise Unreachable(f"cannot reach {self.base}: {reason}") from reason
        finally:
            connection.close()
            if multipart is not None:
                multipart.close()
        if answer.status >= 400:
            raise _problem(answer.status, answer.msg, data)
        return Response(answer.status, answer.msg, data)


def _problem(status: int, headers: Message, body: bytes) -> ModelhostError:
    request_id = headers.get(REQUEST_ID_HEADER)
    retry_after = _seconds(headers.get("Retry-After"))
    problem: dict[str, Any] = {}
    content_type = headers.get("Content-Type", "")
    if "json" in content_type:
        try:
            parsed = json.loads(body.decode("utf-8"))
            if isinstance(parsed, dict):
                problem = parsed
        except (ValueError, UnicodeDecodeError):
            pass
    if not problem:
        # not a problem document (a proxy's page, say): keep what can be shown
        text = body.decode("utf-8", "replace").strip()
        problem = {"status": status, "title": _reason(status), "detail": text[:500] or None}
    return error_for(status, problem, request_id, retry_after)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def utc_instant(value: datetime.datetime) -> str:
    """An ISO-8601 instant in UTC; a naive datetime is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return utc_instant(value)
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


"""Rows in the shapes Python code holds them, turned into the API's prediction bodies and back.

pandas and numpy are used when they are installed, never required.
"""

from __future__ import annotations

import csv
import datetime
import importlib
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any



def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - depends on the machine
        return None


np: Any = _optional("numpy")
pd: Any = _optional("pandas")


def has_pandas() -> bool:
    """Whether pandas can be imported here."""
    return pd is not None


def is_dataframe(value: Any) -> bool:
    return pd is not None and isinstance(value, pd.DataFrame)


def prediction_body(rows: Any) -> tuple[dict[str, Any], Any]:
    """The JSON body for ``rows``, and the index a DataFrame's results should carry (else None).

    - a pandas DataFrame: named rows (``instances``) by its column names; a frame whose columns are
      the default integer positions gives positional rows (``inputs``);
    - a pandas Series, or a dict: one named row;
    - a list of dicts: named rows;
    - a numpy array, a list of lists: positional rows (``inputs``); one flat list or 1-D array is one row.
    Missing values (None, NaN, NaT, pandas.NA) are sent as null.
    """
    if pd is not None and isinstance(rows, pd.DataFrame):
        if _positional_columns(rows.columns):
            return {"inputs": [jsonable(list(r)) for r in rows.itertuples(index=False, name=None)]}, rows.index
        columns = [str(c) for c in rows.columns]
        instances = [dict(zip(columns, jsonable(list(r)))) for r in rows.itertuples(index=False, name=None)]
        return {"instances": instances}, rows.index
    if pd is not None and isinstance(rows, pd.Series):
        return {"instances": [{str(k): jsonable(v) for k, v in rows.items()}]}, None
    if isinstance(rows, Mapping):
        return {"instances": [{str(k): jsonable(v) for k, v in rows.items()}]}, None
    if np is not None and isinstance(rows, np.ndarray):
        values = jsonable(rows)
        if rows.ndim == 1:
            values = [values]
        return {"inputs": values}, None
    if isinstance(rows, Sequence) and not isinstance(rows, (str, bytes, bytearray)):
        items = list(rows)
        if not items:
            raise ValueError("no rows to predict")
        if all(isinstance(r, Mapping) for r in items):
            return {"instances": [{str(k): jsonable(v) for k, v in r.items()} for r in items]}, None
        if any(isinstance(r, Mapping) for r in items):
            raise TypeError("rows must be all dicts (named) or all sequences (positional), not a mix")
        if all(_is_scalar(v) for v in items):
            return {"inputs": [jsonable(items)]}, None
        return {"inputs": jsonable(items)}, None
    raise TypeError(
        "rows must be a pandas DataFrame or Series, a numpy array, a dict, a list of dicts or a list of rows, "
        f"not {type(rows).__name__}")


def _positional_columns(columns: Any) -> bool:
    return len(columns) > 0 and list(columns) == list(range(len(columns)))


def _is_scalar(value: Any) -> bool:
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return True
    return np is not None and isinstance(value, np.generic)


def jsonable(value: Any) -> Any:
    """``value`` with numpy and pandas scalars as Python ones, and missing values as None."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if np is not None:
        if isinstance(value, np.ndarray):
            return jsonable(value.tolist())
        if isinstance(value, np.generic):
            if isinstance(value, np.datetime64):
                return None if np.isnat(value) else str(value)
            return jsonable(value.item())
    if pd is not None:
        if value is pd.NaT or value is pd.NA:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def probabilities_table(probabilities: Any, classes: Any, index: Any) -> Any:
    """Probabilities as a DataFrame (one column per class, the input's index) with pandas, else as given."""
    if probabilities is None or pd is None:
        return probabilities
    columns = list(classes) if isinstance(classes, list) else None
    if columns is not None and probabilities and len(columns) != len(probabilities[0]):
        columns = None
    frame = pd.DataFrame(probabilities, columns=columns)
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


def csv_bytes(frame: Any) -> bytes:
    """A DataFrame as UTF-8 CSV with a header row and no index column."""
    text: str = frame.to_csv(index=False)
    return text.encode("utf-8")


def read_csv(data: bytes) -> Any:
    """A CSV answer as a DataFrame with pandas, else as a list of dicts (all values strings)."""
    if pd is not None:
        return pd.read_csv(io.BytesIO(data))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def frame_or_list(records: list[Any]) -> Any:
    """A list of row dicts as a DataFrame with pandas, else as it is."""
    if pd is not None:
        return pd.DataFrame(records)
    return records

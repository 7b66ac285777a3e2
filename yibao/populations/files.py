"""A population's tables as files and back: CSV or parquet, by the name (``.parquet``/``.pq`` or a folder:
parquet; ``.csv``: CSV). CSV cells are read as text (money as the command line reads it, exact; an empty
cell is missing), parquet columns in their own types."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..inputs import show

_ALLOWED = "a .csv or .parquet file (to read: also a folder of parquet files)"


def table_format(path: Any, option: str, *, folder: bool = False) -> str:
    """``"parquet"`` or ``"csv"``, from the name's suffix (``folder``: an existing folder is parquet)."""
    p = Path(path)
    if p.suffix.lower() in (".parquet", ".pq") or (folder and _is_dir(p)):
        return "parquet"
    if p.suffix.lower() == ".csv":
        return "csv"
    raise InputError(option, f"{show(str(p))} is neither .csv nor .parquet", _ALLOWED,
                     kind="population.table_format", params={"value": show(str(p))})


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except (OSError, ValueError):
        return False


def _existing(path: Any, option: str) -> tuple[Path, str]:
    if isinstance(path, str) and not path.strip():
        raise InputError(option, "is empty", _ALLOWED)
    p = Path(path)
    try:
        found = p.exists()
    except (OSError, ValueError) as e:  # a name too long, a NUL in it ...
        why = getattr(e, "strerror", None) or "not a usable path"
        raise InputError(option, f"cannot read {show(str(p))}: {why}", _ALLOWED) from None
    if not found:
        raise InputError(option, f"file {show(str(p))} not found", _ALLOWED)
    return p, table_format(p, option, folder=True)


def _csv_options() -> dict[str, Any]:
    return {"dtype": str, "keep_default_na": False, "na_values": [""], "encoding": "utf-8-sig"}


def read_table(path: Any, option: str) -> pd.DataFrame:
    """A people or claims table from a file."""
    p, kind = _existing(path, option)
    try:
        if kind == "parquet":
            return pd.read_parquet(p)
        return pd.read_csv(p, **_csv_options())
    except (OSError, ValueError, UnicodeDecodeError) as e:  # pyarrow's errors are ValueErrors and OSErrors
        raise InputError(option, f"cannot read {show(str(p))} as {kind}: {type(e).__name__}", _ALLOWED) from None


def read_dask(path: Any, option: str) -> Any:
    """A people or claims table from a file (or a folder, a glob such as ``claims/*.csv`` needs the
    scheduler's workers to see the same files) as a dask DataFrame."""
    import dask.dataframe as dd

    text = str(path)
    if "*" in text:
        kind = table_format(text.replace("*", "x"), option)
    else:
        _, kind = _existing(path, option)
    if kind == "parquet":
        return dd.read_parquet(text)
    return dd.read_csv(text, blocksize="64MB", **_csv_options())


def write_table(df: Any, path: Any, option: str) -> str:
    """Writes a result table (pandas or dask) to ``path``; returns the path written."""
    kind = table_format(path, option)
    p = Path(path)
    if any(unicodedata.category(c) == "Cc" for c in str(p)):
        raise InputError(option, f"{show(str(p))} has control characters", "a file name on one line")
    if not _is_dir(p.parent):
        raise InputError(option, f"folder {show(str(p.parent))} not found", "a path in an existing folder")
    if kind == "parquet":
        df.to_parquet(p)
    elif isinstance(df, pd.DataFrame):
        df.to_csv(p, index=False)
    else:
        df.to_csv(p, index=False, single_file=True)
    return str(p)

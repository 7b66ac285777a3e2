"""Money columns of the tables: exact ``decimal128(18, 2)`` yuan or int64 fen, never float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..inputs import show
from ..money import from_fen

#: The dtype of money columns in results (``money="decimal"``).
MONEY = pd.ArrowDtype(pa.decimal128(18, 2))


def decimal_array(fen: np.ndarray, mask: np.ndarray | None = None) -> pd.arrays.ArrowExtensionArray:
    """int64 fen → an exact ``decimal128(18, 2)`` yuan column (no float on the way)."""
    v = np.asarray(fen, dtype=np.int64)
    two = np.zeros((len(v), 2), dtype=np.int64)  # fresh zero pages: no high word to write for amounts ≥ 0
    two[:, 0] = v
    if len(v) and int(v.min()) < 0:
        two[:, 1] = v >> 63  # the high 64 bits of a 128-bit two's complement
    validity = None
    if mask is not None and mask.any():
        validity = pa.array(~mask).buffers()[1]
    arr = pa.Array.from_buffers(pa.decimal128(18, 2), len(v), [validity, pa.py_buffer(two)],
                                null_count=-1 if validity is not None else 0)
    return pd.arrays.ArrowExtensionArray(arr)


def fen_of(values: Any) -> np.ndarray:
    """A money column of a result (decimal yuan, or already fen) as int64 fen; nulls are refused."""
    s = pd.Series(values)
    if pd.api.types.is_integer_dtype(s.dtype) and not isinstance(s.dtype, pd.ArrowDtype):
        return s.to_numpy(dtype=np.int64)
    out, bad = decimal_to_fen(pa.array(s.array) if isinstance(s.dtype, pd.ArrowDtype)
                               else pa.array(list(s), type=pa.decimal128(38, 2)))
    if bad is not None or s.isna().any():
        raise InputError("values", "not whole fen or missing", "a money column of a yibao result")
    return out


def decimals(values: Any) -> list[Decimal]:
    """A money column as a list of ``Decimal`` yuan (``Decimal('8160.00')``)."""
    return [from_fen(v) for v in fen_of(values)]


def money_out(df: dict[str, Any], money: str, name: str, fen: np.ndarray, mask: np.ndarray | None = None) -> None:
    if money == "fen":
        if mask is not None and mask.any():
            df[f"{name}_fen"] = pd.arrays.IntegerArray(np.where(mask, 0, fen).astype(np.int64), mask.copy())
        else:
            df[f"{name}_fen"] = np.asarray(fen, dtype=np.int64)
    else:
        df[name] = decimal_array(fen, mask)


def check_money_mode(money: str) -> None:
    if money not in ("decimal", "fen"):
        raise InputError("money", f"{show(money)} is not an output money format", "decimal, fen")




def decimal_to_fen(arr: pa.Array) -> tuple[np.ndarray, str | None]:
    """decimal128/256 → int64 fen, or a reason it cannot be read exactly."""
    try:
        d = pc.cast(arr, pa.decimal128(38, 2), safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.zeros(len(arr), dtype=np.int64), "has more than two decimals"
    d = d.combine_chunks() if isinstance(d, pa.ChunkedArray) else d
    words = np.frombuffer(d.buffers()[1], dtype=np.int64)[2 * d.offset: 2 * (d.offset + len(d))].reshape(-1, 2)
    lo, hi = words[:, 0], words[:, 1]
    valid = ~np.asarray(d.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if (valid & (hi != (lo >> 63))).any():
        return np.zeros(len(arr), dtype=np.int64), "too large"
    return np.where(valid, lo, 0), None


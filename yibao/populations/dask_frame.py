"""The table path on ``dask.dataframe``: partitions by person, the pandas functions of :mod:`yibao.populations.frame`
on each partition.

    import dask.dataframe as dd
    from yibao.populations.dask_frame import settle_dask, year_dask

    people = dd.read_parquet("people/")        # person_id, tier, groups, ...
    claims = dd.read_parquet("claims/")        # person_id, date, kind, cost_fen, ...
    out = settle_dask(people, claims, "xizang-2024").compute()     # = settle_frame(...) on the whole

A person's running totals need all of that person's claims in one partition: both tables are
indexed on ``person_id`` with the same divisions (``set_index``, which sorts and shuffles the
claims once), then :func:`yibao.populations.frame.settle_frames` runs on each pair of partitions
(``map_partitions``). Claims of one person on one day are settled in the order of the input table
(a global row number is taken before the shuffle), so the result equals the pandas one exactly.
Results keep the index labels of the input rows (claims', people's), and errors name rows by
them, as the pandas functions do; the partitions are in ``person_id`` order, not the input order.
"""

from __future__ import annotations

from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd

from ..errors import InputError
from ..policy import as_policy
from ..policy.model import Policy
from . import frame as F
from .money import check_money_mode

_KEY, _POS, _LABEL = "_yibao_key", "_yibao_pos", "_yibao_label"


def _by_person(people: dd.DataFrame, claims: dd.DataFrame, npartitions: int | None
               ) -> tuple[dd.DataFrame, dd.DataFrame]:
    if not isinstance(people, dd.DataFrame) or not isinstance(claims, dd.DataFrame):
        raise InputError("people, claims", "not dask DataFrames",
                         "dask.dataframe.DataFrame (from_pandas, read_parquet …)")
    for name, df in (("people", people), ("claims", claims)):
        if "person_id" not in df.columns:
                raise InputError(f"{name}.person_id", "missing column", "a column person_id")
    # Divisions computed once and given to both sides: set_index(npartitions=) on a table already sorted by
    # the key (as to_parquet writes it) keeps the file's partitions but declares other divisions, and the
    # claims shuffled to those would not line up with the people partition by partition.
    divisions = _divisions(people["person_id"], npartitions or people.npartitions)
    people = people.assign(**{_KEY: people["person_id"], _LABEL: people.index})
    people = people.set_index(_KEY, divisions=divisions)
    # the given order, for ties on a day, and the given index labels, for the result
    one = claims.assign(**{_POS: 1})[_POS]
    claims = claims.assign(**{_POS: one.cumsum() - 1, _LABEL: claims.index, _KEY: claims["person_id"]})
    claims = claims.set_index(_KEY, divisions=divisions)
    return people, claims


def _divisions(ids: dd.Series, n: int) -> list[Any]:
    """About ``n`` partitions of the people's ids: the smallest, quantiles, the largest (numbers: one pass over
    the ids, without gathering them; other ids are gathered and sorted)."""
    import dask

    if pd.api.types.is_numeric_dtype(ids.dtype) and not pd.api.types.is_bool_dtype(ids.dtype):
        lo, hi, q = dask.compute(ids.min(), ids.max(), ids.quantile(np.linspace(0, 1, n + 1)[1:-1]))
        inner = np.asarray(q, dtype=np.float64)
        if pd.api.types.is_integer_dtype(ids.dtype):
            inner = np.floor(inner)
        values = [lo, *(v for v in inner.tolist() if lo < v < hi), hi]
        if pd.api.types.is_integer_dtype(ids.dtype):
            values = [int(v) for v in values]
    else:
        every = np.sort(ids.dropna().unique().compute().to_numpy())
        values = every[np.linspace(0, len(every) - 1, n + 1).astype(np.int64)].tolist() if len(every) else []
    out = list(dict.fromkeys(values))  # sorted, each once
    return out if len(out) > 1 else out * 2  # one id (or none): one partition


def _partition(people: pd.DataFrame, claims: pd.DataFrame, policy: Policy, money: str, which: int,
               index_name: Any = None, people_index_name: Any = None) -> pd.DataFrame:
    claims = claims.sort_values(_POS, kind="stable")
    c = claims.drop(columns=[_POS, _LABEL])
    c.index = pd.Index(claims[_LABEL].to_numpy(), name=index_name)  # errors name the rows as given
    p = people.drop(columns=[_LABEL])
    p.index = pd.Index(people[_LABEL].to_numpy(), name=people_index_name)
    return F.settle_frames(p, c, policy, money=money)[which]


def _run(people: dd.DataFrame, claims: dd.DataFrame, policy: str | Policy, money: str, which: int,
         npartitions: int | None) -> dd.DataFrame:
    check_money_mode(money)
    pol = as_policy(policy)
    names = [df.index.name if isinstance(df, dd.DataFrame) else None for df in (claims, people)]
    p, c = _by_person(people, claims, npartitions)
    meta = _partition(p._meta, c._meta, pol, money, which, *names)
    return dd.map_partitions(_partition, p, c, pol, money, which, *names, meta=meta, align_dataframes=False,
                             enforce_metadata=False)


def settle_dask(people: dd.DataFrame, claims: dd.DataFrame, policy: str | Policy, *, money: str = "decimal",
                npartitions: int | None = None) -> dd.DataFrame:
    """:func:`yibao.populations.frame.settle_frame` on dask DataFrames (one row per claim, claims' index labels)."""
    return _run(people, claims, policy, money, 0, npartitions)


def year_dask(people: dd.DataFrame, claims: dd.DataFrame, policy: str | Policy, *, money: str = "decimal",
              npartitions: int | None = None) -> dd.DataFrame:
    """:func:`yibao.populations.frame.year_frame` on dask DataFrames (one row per person)."""
    return _run(people, claims, policy, money, 1, npartitions)


def compute_settlement(people: dd.DataFrame, claims: dd.DataFrame, policy: str | Policy, **kw: Any
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both results, computed together (the shuffle once)."""
    import dask

    return dask.compute(settle_dask(people, claims, policy, **kw), year_dask(people, claims, policy, **kw))

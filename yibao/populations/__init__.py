"""Whole populations at once, exact to the fen, with the engine of :mod:`yibao.settlement`.

- :mod:`.frame`: a year of claims as pandas tables (``settle_frames``, ``settle_frame``, ``year_frame``,
  ``trace_frame``);
- :mod:`.premium_frame`: premiums (``premium_frame``);
- :mod:`.dask_frame`: the same on Dask, partitioned by person;
- :mod:`.reading` and :mod:`.money`: reading the tables' columns, money columns in and out.

Needs the ``population`` extra (pandas, pyarrow; Dask for :mod:`.dask_frame`).
"""

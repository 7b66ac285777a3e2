"""Worked examples as data: ``cases/<policy>.yaml``, each case a boundary of a rule worked by hand from
the article, run by pytest (tests/case_collector.py) and by ``yibao test`` for an analyst.

- :mod:`.model`: a case file as typed data (unknown keys refused);
- :mod:`.expr`: the arithmetic a case may give instead of an amount, exact, nothing else allowed;
- :mod:`.loader`: where the case files are and how they are read;
- :mod:`.check`: what ``yibao check`` finds wrong in them (policies, rule IDs, clauses, arithmetic);
- :mod:`.calculators` and :mod:`.runner`: each case computed and compared;
- :mod:`.report`: the Chinese report of a run.
"""

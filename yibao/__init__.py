"""yibao (医保): Chinese resident basic medical insurance as cited policy data and exact calculators.

The data path reads one way: ``policies/*.yaml`` → :func:`yibao.policy.load_policy` (typed,
validated) → a calculator (:mod:`yibao.calculators.premium`, :mod:`yibao.calculators.coverage`, ...) → a result object
that explains itself (line items, each with its source).
"""

__version__ = "0.1.0"

"""Claims settlement for one person and one benefit year: the three layers and what is left.

For each claim, in date order: the basic insurance pays first (general outpatient T4, special
outpatient T5, inpatient T6–T8 with 长缴多报 T3 and ethnic medicines T19, delivery T23/T13,
employee outpatient T18, outpatient pooling Y6); the catastrophic insurance (大病保险, T9/T10) pays on
the annual cumulative self-paid policy-range cost above its deductible; medical assistance (医疗救助,
T11/T13) pays a share of what is still left, within its annual caps; the person pays the rest, plus
every cost outside the catalogues (F9). Claims the fund never pays (F9), claims in a waiting period
(T17) and claims outside the cover pay 0 in every layer, with the reason.

Invariant, to the fen, per claim and per year::

    basic + catastrophic + assistance + out_of_pocket == total_cost == cost + outside_catalogue

The package, in the order data flows:

- :mod:`.inputs`: :class:`Person` and :class:`Claim`, read by the shared parsers; their columns;
- :mod:`yibao.policy.compiled` (below both engines): the policy as fen and basis points, in named
  parameter groups; :mod:`yibao.policy.codes`, the integers the arrays hold;
- :mod:`.engine` (with :mod:`.arithmetic`, :mod:`.checks`): the rules once, on arrays, returning the
  typed traces of :mod:`.traces`;
- :mod:`.explain`: each claim's line items from the traces, each recording the policy value it used;
  :mod:`.result`: the year that explains itself through :mod:`yibao.explain`;
- :mod:`.year`: :func:`settle`, the one-person door; :func:`settle_many` settles many people at once
  (the tables of :mod:`yibao.populations`, which fill the engine's columns of :mod:`.columns` themselves);
- :mod:`.claims_file`: a claims file read as the engine's columns; :func:`settle_file` settles it, in full
  or as a table (:mod:`.year_table`).

Outside this package, import only the names below (``tests/test_import_graph.py`` checks it).
"""

# The public surface (``from yibao.settlement import settle, Person, Claim, YearSettlement``), re-exported as
# such: the API docs describe each name once, in the module that defines it.
from ..policy.compiled import benefit_tiers as benefit_tiers

# Settling many people at once (the tables and the tier advice read these, never the modules above), and
# reading and settling a claims file.
from .batch import Batch as Batch
from .batch import settle_many as settle_many
from .checks import RowsError as RowsError
from .checks import claim_problems as claim_problems
from .claims_file import CLAIM_COLUMNS as CLAIM_COLUMNS
from .claims_file import CLAIM_REQUIRED as CLAIM_REQUIRED
from .claims_file import ClaimsFile as ClaimsFile
from .claims_file import read_claim_columns as read_claim_columns
from .claims_file import read_claims as read_claims
from .columns import PERSON_DTYPES as PERSON_DTYPES
from .columns import ClaimColumns as ClaimColumns
from .columns import PersonColumns as PersonColumns
from .file_year import settle_file as settle_file
from .inputs import MAX_ADMISSION as MAX_ADMISSION
from .inputs import MAX_YEAR_COST as MAX_YEAR_COST
from .inputs import MAX_YEARS as MAX_YEARS
from .inputs import MOVED_COLUMNS as MOVED_COLUMNS
from .inputs import Claim as Claim
from .inputs import Person as Person
from .inputs import benefit_tier as benefit_tier
from .inputs import claim_columns as claim_columns
from .inputs import claim_span as claim_span
from .inputs import has_retroactive_window as has_retroactive_window
from .inputs import incentive_problem as incentive_problem
from .inputs import person_columns as person_columns
from .inputs import policies_having as policies_having
from .result import ClaimResult as ClaimResult
from .result import YearSettlement as YearSettlement
from .result import YearState as YearState
from .traces import Settlement as Settlement
from .year import check_year as check_year
from .year import settle as settle
from .year import settle_columns as settle_columns
from .year_table import CitedOnce as CitedOnce
from .year_table import YearTable as YearTable

"""The errors yibao raises on purpose: bad input, a situation the policy does not cover, bad policy data.

Each carries what a skin or a message catalogue needs without reading the message text:

- ``kind``: a stable code for the kind of problem (``"money.not_a_number"``, ``"choice.unknown"``;
  ``"input"``, ``"not_covered"`` and ``"policy_data"`` where no finer kind is given);
- ``params``: the values the message names (the value as shown, the bounds, the choices ...);
- for input and uncovered situations, ``path``: the field as a :class:`FieldPath`
  (``("claims", 3, "level")``, shown ``claims[3].level``). ``field`` is its text.

The English message (``str(err)``) is built from ``field``, ``problem`` and ``allowed`` as before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*")
_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


class FieldPath(tuple):
    """Where a value sits, part by part: names (``"claims"``, ``"level"``) and list positions (``3``).

    ``FieldPath("claims", 3, "level")`` is shown ``claims[3].level``; a single part that is not a
    name (``"--age"``, ``"claims.csv row 3, column cost"``) is shown as it is.
    """

    __slots__ = ()

    def __new__(cls, *parts: str | int) -> FieldPath:
        for p in parts:
            if isinstance(p, bool) or not isinstance(p, (str, int)):
                raise TypeError(f"a field path holds names and positions, not {type(p).__name__}")
        return super().__new__(cls, parts)

    def __getnewargs__(self) -> tuple:  # pickled part by part, as it is built
        return tuple(self)

    @classmethod
    def of(cls, where: FieldLike) -> FieldPath:
        """A path from a path, a tuple of parts, or the text form (``"claims[3].level"``; any other
        text is one opaque part). ``str(FieldPath.of(text)) == text`` for every text."""
        if isinstance(where, FieldPath):
            return where
        if isinstance(where, tuple):
            return cls(*where)
        if isinstance(where, int) and not isinstance(where, bool):
            return cls(where)
        text = str(where)
        if not _PATH.fullmatch(text):
            return cls(text)
        head = _NAME.match(text)
        assert head is not None
        parts: list[str | int] = [head.group(0)]
        for m in _PART.finditer(text, head.end()):
            parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        return cls(*parts)

    def within(self, *parts: str | int) -> FieldPath:
        """This path below ``parts``: ``FieldPath("tier").within("members", 1)`` is ``members[1].tier``."""
        return FieldPath(*parts, *self)

    @property
    def root(self) -> str | int | None:
        """The first part (``"claims"``), or None for the empty path."""
        return self[0] if self else None

    @property
    def name(self) -> str | None:
        """The last named part (``"level"`` of ``claims[3].level``), or None."""
        return next((p for p in reversed(self) if isinstance(p, str)), None)

    def position_after(self, after: str) -> int | None:
        """The position that follows the part ``after`` (3 for ``"claims"`` in ``claims[3].level``), or None."""
        for a, b in itertools.pairwise(self):
            if a == after and isinstance(b, int):
                return b
        return None

    def __str__(self) -> str:
        out = ""
        for i, p in enumerate(self):
            if isinstance(p, int):
                out += f"[{p}]"
            else:
                out += p if i == 0 else f".{p}"
        return out

    def __repr__(self) -> str:
        return f"FieldPath({str(self)!r})"


FieldLike = FieldPath | tuple | str | int


class YibaoError(Exception):
    """Base class: every error yibao raises on purpose is one of these."""

    kind: str = "error"
    params: Mapping[str, Any] = {}


class InputError(YibaoError, ValueError):
    """A value a user gave is not allowed. Names the field and what is allowed.

    ``field`` may be a :class:`FieldPath`, a tuple of its parts or its text; ``kind`` and ``params``
    say what is wrong without the English text (``kind="money.negative", params={"value": "'-3'"}``).
    """

    def __init__(self, field: FieldLike, problem: str, allowed: str | None = None, *, kind: str = "input",
                 params: Mapping[str, Any] | None = None):
        self.path = FieldPath.of(field)
        self.field = str(self.path)
        self.problem = problem
        self.allowed = allowed
        self.kind = kind
        self.params = dict(params or {})
        text = f"{self.field}: {problem}"
        if allowed:
            text += f" (allowed: {allowed})"
        super().__init__(text)

    def __reduce__(self) -> tuple:  # pickled (a Dask worker's error) with its structure
        return _rebuild, (type(self), (self.path, self.problem, self.allowed),
                          {"kind": self.kind, "params": self.params})

    def within(self, *parts: str | int) -> InputError:
        """The same error with its field below ``parts`` (a household member's ``tier`` → ``members[1].tier``)."""
        return InputError(self.path.within(*parts), self.problem, self.allowed, kind=self.kind, params=self.params)


class PolicyDataError(YibaoError):
    """A policy file is malformed or incomplete. Names the file, the key path and the reason."""

    def __init__(self, file: str, key_path: str, reason: str, *, kind: str = "policy_data",
                 params: Mapping[str, Any] | None = None):
        self.file = file
        self.key_path = key_path
        self.reason = reason
        self.kind = kind
        self.params = dict(params or {})
        super().__init__(f"{file}: {key_path or '<top>'}: {reason}")

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), (self.file, self.key_path, self.reason),
                          {"kind": self.kind, "params": self.params})


class NotCovered(YibaoError):
    """The policy states no rule for this situation (for example a payment date outside every window)."""

    def __init__(self, field: FieldLike, problem: str, rules: tuple[str, ...] = (), *, kind: str = "not_covered",
                 params: Mapping[str, Any] | None = None):
        self.path = FieldPath.of(field)
        self.field = str(self.path)
        self.problem = problem
        self.rules = rules
        self.kind = kind
        self.params = dict(params or {})
        suffix = f" [{', '.join(rules)}]" if rules else ""
        super().__init__(f"{self.field}: {problem}{suffix}")

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), (self.path, self.problem, self.rules), {"kind": self.kind, "params": self.params})


def _rebuild(cls: type, args: tuple, kw: dict) -> YibaoError:
    return cls(*args, **kw)


# ---------------------------------------------------------------- other libraries' texts → kinds

#: The English texts that pydantic, the YAML and file readers and raise sites without a ``kind`` give
#: (an error's ``problem`` or ``reason``), each mapped to a catalogue kind; the named groups are its
#: params. Tried in order, each against the whole text: the message catalogue then says it in Chinese
#: (yibao.messages), so no reader's English reaches a Chinese sentence.
READER_TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.DOTALL), k) for p, k in (
    # pydantic
    (r"Field required", "value.missing"),
    (r"Extra inputs are not permitted", "key.extra"),
    (r"Input should be a valid (?P<type>[a-z]+)\b.*", "value.wrong_type"),
    (r"Decimal input should be an? .*", "value.wrong_type"),
    (r"Input should be greater than or equal to (?P<low>\S+)", "number.too_small"),
    (r"Input should be greater than (?P<low>\S+)", "number.not_above"),
    (r"Input should be less than or equal to (?P<high>\S+)", "number.too_large"),
    (r"Input should be less than (?P<high>\S+)", "number.not_below"),
    (r"Decimal input should have no more than (?P<places>\d+) decimal places?", "number.too_precise"),
    (r"Input should be (?P<choices>'.+')", "choice.unknown"),
    (r"(?:Value|Assertion) error, (?P<inner>.+)", "inner"),
    (r"(?P<inner>.+) \(and (?P<more>\d+) more\)", "inner"),
    (r"line (?P<line>\d+), \w+: (?P<inner>.+)", "inner"),  # a line of a text box: the line is a param
    (r"line (?P<line>\d+) has (?P<cells>\d+) cells, more than (?P<header>\d+)", "row.too_many_cells"),
    # the YAML reader (policy files, reform files)
    (r"not valid YAML: (?P<value>'.*') is not a finite decimal number", "yaml.not_finite"),
    (r"not valid YAML: (?P<value>'.*') is not a plain decimal number.*", "yaml.not_plain_number"),
    (r"not valid YAML: (?P<value>'.*') is a boolean in YAML 1\.1.*", "yaml.ambiguous_bool"),
    (r"not valid YAML: (?P<value>'.*') is not a real date", "yaml.not_real_date"),
    (r"not valid YAML: could not determine a constructor for the tag (?P<value>.+)", "yaml.tag"),
    (r"not valid YAML.*", "yaml.invalid"),
    (r"nested more than (?P<maximum>\d+) levels deep.*", "yaml.too_deep"),
    (r"YAML anchors and aliases .*", "yaml.alias"),
    (r"(?P<value>'[^']*'): line (?P<line>\d+), column (?P<column>\d+): (?P<inner>.+)", "file.at"),
    (r"binary data \(!!binary\) is not a policy value", "yaml.binary"),
    (r"(?P<value>'[^']*') (?P<day>\d{4}-\d\d-\d\d) is before (?P<other_key>'[^']*') (?P<other>\d{4}-\d\d-\d\d)",
     "date.before"),
    # files given by name (claims, history, household, reform)
    (r"required column missing", "column.missing"),
    (r"not valid JSON: .*", "json.invalid"),
    (r"(?P<type>\w+) is not an object", "row.not_an_object"),
    (r"expected a list of objects", "rows.not_a_list"),
    (r"empty file", "file.empty"),
    (r"(?P<cells>\d+) cells but the header has (?P<header>\d+)", "row.cells"),
    (r"missing: (?:an inpatient claim|--inpatient) needs the hospital level", "claim.level_missing"),
    (r"appears twice", "column.repeated"),
    (r"file (?P<value>.+) not found", "file.missing"),
    (r"cannot read (?P<value>.+?): (?P<why>[^:]+)", "file.cannot_read"),
    (r"contains NUL characters.*", "file.not_text"),
    (r"looks like GBK/GB18030 text.*", "file.gbk"),
    (r"file not found: every policy folder needs (?P<value>\S+).*", "file.needed"),
    (r"is not a regular file.*", "file.not_regular"),
    (r"expected a mapping.*", "mapping.wrong_type"),
    (r"unknown column", "column.unknown"),
    (r"missing", "value.missing"),
    (r"is empty", "value.empty"),
    (r"(?P<value>\S+) appears twice.*", "value.repeated"),
    (r"id (?P<value>'.*') appears (?P<count>\d+) times in this list.*", "value.repeated"),
    (r"(?P<value>\S+) is not a port", "port.out_of_range"),
    (r"is a fact about the person, not about a bill.*", "claim.person_fact"),
    # people, years and claims
    (r"(?P<value>.+) is not a benefit tier of policy (?P<policy>\S+)", "tier.unknown"),
    (r"policy (?P<policy>\S+) has two benefit tiers: choose one", "tier.choose"),
    (r"(?P<value>.+) is not a kind of claim tier advice covers", "choice.unknown"),
    (r"(?P<value>.+) is not a visit name", "visit.wrong_type"),
    (r"(?P<value>.+) is not a year", "year.wrong_type"),
    (r"(?P<value>.+) is not true or false", "bool.not_yes_no"),
    (r"(?P<year>\d+): reimbursed by the fund but not enrolled", "history.reimbursed_not_enrolled"),
    (r"(?P<year>\d+): the incentive amount is used .*", "history.incentive_not_reimbursed"),
    (r"(?P<year>\d+) had no incentive amount to use", "history.no_incentive"),
    (r"no record for (?P<years>.+)", "history.years_missing"),
    (r"unknown population group (?P<value>.+)", "group.unknown"),
    (r"(?P<value>.+) is not a policy(?: id)?", "policy.unknown"),
    (r"unknown policy (?P<value>.+)", "policy.unknown"),
    (r"policy (?P<policy>\S+) has no (?P<what>.+) \((?P<rules>T14.*)\)", "incentive.not_stated"),
    (r"(?P<value>\S+) is before cover_start (?P<first>\S+)", "date.before_start"),
    (r"the claims add up to more than (?P<maximum>\S+) yuan", "claims.too_much"),
    (r"(?P<value>\S+) is in (?P<year>\d+) but the first claim is in (?P<first>\d+).*", "claims.mixed_years"),
    (r"(?P<value>\S+) is outside the (?P<year>\d+) benefit year of policy (?P<policy>\S+).*", "claims.outside_year"),
    (r"(?P<value>.+) is not (?:a|an) (?:claim|Person|reform|year record|list of .+|mapping of .+)", "value.wrong_type"),
    (r"not a list of .+", "list.wrong_type"),
    # claims the policy states no rule for (settlement)
    (r"policy (?P<policy>\S+) states no reimbursement rate for employee outpatient pooling.*?deductibles "
     r"(?P<retired>[0-9.]+) \(retired\) and (?P<working>[0-9.]+) \(working\) yuan and the annual limit "
     r"(?P<limit>[0-9.]+) yuan.*", "employee_outpatient.no_rate"),
    (r"policy (?P<policy>\S+) states no rule for (?P<claim_kind>\w+)(?: \(.*\))?", "claim.no_rule"),
    (r"policy (?P<policy>\S+) has no rule for (?P<claim_kind>delivery) costs", "claim.no_rule"),
    (r"policy (?P<policy>\S+) has no inpatient rule for level (?P<value>\d+)", "claim.no_level_rule"),
    (r"policy (?P<policy>\S+) has no rule for ethnic medicines", "claim.no_ethnic_rule"),
    (r"only inpatient claims have an admission number, this is (?P<claim_kind>\w+)", "claim.admission_not_inpatient"),
    (r"missing: a pooled outpatient claim needs the (?P<what>facility|drug class)", "claim.pooled_needs"),
    (r"(?P<value>\S+) is more than the policy-range cost (?P<high>\S+)", "claim.ethnic_more_than_cost"),
    (r"ethnic medicines \(T19\) are settled only for inpatient and special outpatient claims, "
     r"this is (?P<claim_kind>\w+)", "claim.ethnic_wrong_kind"),
    # what-if reforms (--set, --reform)
    (r"unknown path (?P<value>.+) in policy (?P<policy>\S+)", "reform.unknown_path"),
    (r"policy (?P<policy>\S+) has no value (?P<value>\S+)", "reform.unknown_path"),
    (r"(?P<value>\S+) is a figure the article states for showing.*", "reform.shown_only"),
    (r"(?P<value>\S+) is .* not an amount, rate, count or date.*", "reform.not_a_number"),
    (r"(?P<value>\S+) is a whole rule, not one value", "reform.whole_rule"),
    (r"(?P<value>.+) names no path", "reform.set_syntax"),
    (r"(?P<value>.+) has no '='", "reform.set_syntax"),
    (r"(?P<value>.+) is not a path", "reform.not_a_path"),
    (r"has no overrides", "reform.no_overrides"),
    (r"has (?P<count>\d+) overrides", "reform.too_many"),
    (r"sets (?P<value>\S+) again .*", "value.repeated"),
    (r"(?P<value>.+) is true/false.*", "reform.not_a_number"),
    (r"(?P<value>.+) is a number, but this value is a date", "date.wrong_type"),
    (r"the policy model refuses it: (?P<key>[^:]+): (?P<inner>.+)", "reform.refused"),
    # policy values (the loader, validate, check)
    (r"(?P<value>\S+) is out of range \((?P<low>\S+) to (?P<high>\S+)\)", "number.out_of_range"),
    (r"(?P<value>\S+) is out of range for (?P<unit>\w+) \((?P<low>\S+) to (?P<high>\S+)\)", "number.out_of_range"),
    (r"(?P<value>\S+) is outside (?P<low>\S+) to (?P<high>\S+) yuan.*", "number.out_of_range"),
    (r"(?P<value>\S+) is outside the dates a policy can state \((?P<low>\S+) to (?P<high>\S+)\)", "date.out_of_range"),
    (r"(?P<value>\S+) is outside (?P<low>\d{4}-\d\d-\d\d) to (?P<high>\d{4}-\d\d-\d\d).*", "date.out_of_range"),
    (r"(?P<value>\S+) is a number, not a date.*", "date.wrong_type"),
    (r"(?P<value>\S+) is a date, not a number of (?P<unit>\w+)", "value.wrong_type"),
    (r"(?:amount )?(?P<value>\S+) has more than two decimals.*", "money.too_precise"),
    (r"rate (?P<value>\S+) has more than four decimals.*", "rate.too_precise"),
    (r"(?P<value>\S+) is out of range for a rate", "rate.out_of_range"),
    (r"(?P<value>\S+) has more than four decimals \(whole basis points\)", "rate.too_precise"),
    (r"(?P<value>\S+) has too many decimals for (?P<unit>\w+)", "number.too_precise"),
    (r"(?P<value>'.*') is not a unit \(allowed: (?P<choices>.+)\)", "choice.unknown"),
    (r"(?P<value>'.*') is not a rule ID.*", "rule.unknown"),
    (r"(?P<value>'.*') is not a policy of this folder \(allowed: (?P<choices>.+)\)", "policy.unknown"),
    (r"source (?P<value>'.*') is not in sources\.yaml.*", "source.unknown"),
    (r"assumption (?P<value>'.*') is not defined under 'assumptions'", "assumption.unknown"),
    (r"assumption (?P<value>'.*') names no groups in decides_for", "assumption.no_groups"),
    (r"article (?P<value>\S+) not found in (?P<folder>.+)", "quote.article_missing"),
    (r"quote not found verbatim in (?P<value>\S+): .*", "quote.not_found"),
    (r"a value without its (?P<missing>.+): every value needs .*", "provenance.missing"),
    (r"window (?P<value>\S+) \(.*\) overlaps window (?P<other>\S+) .*", "windows.overlap"),
))


def classify(text: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue kind (and its params) of an English text from :data:`READER_TEXTS`, or None.
    A text wrapping another (pydantic's "Value error, …", a file's "line 3, column 5: …") is the kind
    of what it wraps, with the wrapper's params kept."""
    for pattern, kind in READER_TEXTS:
        m = pattern.fullmatch(text.strip())
        if m is None:
            continue
        params = {k: v for k, v in m.groupdict().items() if v is not None}
        inner = params.pop("inner", None)
        if inner is not None:
            found = classify(inner)
            if kind == "inner":
                return found
            params["inner_kind"], params["inner"] = (found[0], found[1]) if found else ("", {})
        return kind, params
    return None

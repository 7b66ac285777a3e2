"""The calculator frame every what-if widget shares: inputs, an error beside each, the last good
result; and the input widgets they are built from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import ipywidgets as W
from traitlets import TraitError, Tuple, observe, validate

from ...errors import FieldPath, InputError, NotCovered, YibaoError
from ...groups import Group, zh
from ...inputs import parse_whole, show
from ...messages import beside, message
from ...policy import load_policy, policy_ids
from ...policy.examples import NEEDS, example
from ...policy.model import Policy
from ...policy.sections import states
from ...vocabulary import Sex, tier_zh
from .render import esc

GENERAL = "general"
#: What a tier dropdown shows for "no tier chosen".
NO_TIER = "(不选)"


def tier_label(code: str) -> str:
    """A tier dropdown's label: the tier's Chinese name, or :data:`NO_TIER` for none."""
    return tier_zh(code) if code else NO_TIER
SEX_OPTIONS = [("(未填)", ""), *((s.zh, s.value) for s in Sex)]
LEVEL_OPTIONS = [("一级医院", 1), ("二级医院", 2), ("三级医院", 3)]
GROUP_OPTIONS = [(zh(g), g.value) for g in Group]
DESC = {"description_width": "11em"}
#: CSS classes the app's stylesheet and page script (app/yibao.css, app/_jupyter/...) look for.
FIELD_CLASS, ERROR_CLASS, OUTPUT_CLASS, STATUS_CLASS = "yibao-field", "yibao-error", "yibao-output", "yibao-status"
INVALID_CLASS = "yibao-invalid"


def _error_text(err: YibaoError, with_field: bool = True) -> str:
    """The calculator's message from the catalogue (Chinese unless ``YIBAO_LANG`` says otherwise):
    with the field's label, or without it where it is shown beside the field."""
    return message(err) if with_field else beside(err)


class Calculator:
    """One what-if calculator: input widgets, an error beside each, and the last good result as HTML.

    ``compute(values) -> Result`` calls the calculator; ``render(result) -> str`` draws it;
    ``field_of(path) -> input name`` maps the field an error names (:class:`~yibao.errors.FieldPath`,
    e.g. ``("claims", 0, "cost")``)
    to the input that holds the value. ``on_policy(calc)`` runs when the policy changes, before
    computing. ``start``: the text fields start with (the calculator's example, ``examples.yaml``).
    ``rules`` lists the rule IDs the inputs can reach (the widgets' share of issue #4's "done when").
    ``sections``: (title, field names) folded under a named, collapsed section after the other fields
    (a section opens by itself when one of its fields shows an error).
    """

    def __init__(self, title: str, fields: Sequence[tuple[str, W.Widget]],
                 compute: Callable[[dict[str, Any]], Any], render: Callable[[Any], str],
                 field_of: Callable[[FieldPath], str | None] | None = None,
                 on_policy: Callable[[Calculator], None] | None = None, rules: Sequence[str] = (),
                 start: Mapping[str, Any] | None = None, sections: Sequence[tuple[str, Sequence[str]]] = ()):
        self.title = title
        #: The rule IDs (``../shared/RULES.md``) this calculator can reach through its inputs.
        self.rules: tuple[str, ...] = tuple(rules)
        self.inputs: dict[str, W.Widget] = dict(fields)
        self.errors: dict[str, W.HTML] = {n: W.HTML(value="") for n in self.inputs}
        self.errors[GENERAL] = W.HTML(value="")
        for e in self.errors.values():
            e.add_class(ERROR_CLASS)
        self.output = W.HTML(value="<p>(尚无结果)</p>")
        self.output.add_class(OUTPUT_CLASS)
        self.status = W.HTML(value="")
        self.status.add_class(STATUS_CLASS)
        self.result: Any = None
        self.error: str = ""
        self._compute = compute
        self._render = render
        self._field_of = field_of or str
        self._on_policy = on_policy
        self._hold = False
        rows = {n: W.HBox([w, self.errors[n]]) for n, w in self.inputs.items()}
        for r in rows.values():
            r.add_class(FIELD_CLASS)
        # A long multiple choice (the 31 groups) folds into its own collapsed section after the other
        # fields, its title saying what is ticked: on a phone the result is near the first screen (issue 20).
        long_choices = [n for n, w in self.inputs.items() if isinstance(w, CheckboxGroup)
                        and n not in {n for _, names in sections for n in names}]
        sections = [*((self.inputs[n].description, [n]) for n in long_choices), *sections]
        folded = {n for _, names in sections for n in names}
        #: The collapsible section of each folded field (an Accordion of one panel).
        self.section_of: dict[str, W.Accordion] = {}
        self.sections: list[W.Accordion] = []
        for heading, names in sections:
            panel = W.Accordion(children=[W.VBox([rows[n] for n in names])], titles=(heading,), selected_index=None)
            panel.add_class("yibao-section")
            self.sections.append(panel)
            self.section_of.update({n: panel for n in names})
        for n in long_choices:
            self._count_ticked(n)
            self.inputs[n].observe(lambda change, n=n: self._count_ticked(n), names="value")
        heading_widget = W.HTML(value=f"<h3>{esc(title)}</h3>")
        heading_widget.add_class("yibao-calc-title")
        # On a phone the fields fill the first screen: one tap scrolls to the result (shown there only).
        jump = W.HTML(value="<a class='yibao-jump-link' href='#' onclick=\"var o=this.closest('.yibao-calculator')"
                            ".querySelector('.yibao-output');if(o){o.scrollIntoView();}return false;\">↓ 看结果</a>")
        jump.add_class("yibao-jump")
        self.widget = W.VBox([heading_widget, jump, *(r for n, r in rows.items() if n not in folded), *self.sections,
                              self.errors[GENERAL], self.status, self.output])
        self.widget.add_class("yibao-calculator")
        for name, w in self.inputs.items():
            w.observe(self._changed(name), names="value")
        self._hold = True
        try:
            if on_policy and "policy" in self.inputs:
                on_policy(self)
            bad = {n: e for n, v in (start or {}).items() if (e := self._assign(n, v))}
        finally:
            self._hold = False
        self.recompute()
        for name, text in bad.items():
            self._show(name, text)

    def _count_ticked(self, name: str) -> None:
        """A folded multiple choice's section title: its label and how many are ticked."""
        w = self.inputs[name]
        n = len(w.value)
        self.section_of[name].titles = (f"{w.description}:已选 {n} 项" if n else f"{w.description}:未选",)

    def _changed(self, name: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if self._hold:
                return
            if name == "policy" and self._on_policy:
                self._hold = True
                try:
                    self._on_policy(self)
                finally:
                    self._hold = False
            self.recompute()
        return handler

    def values(self) -> dict[str, Any]:
        return {n: w.value for n, w in self.inputs.items()}

    def set(self, **values: Any) -> Calculator:
        """Set inputs by field name (policy first, so its tiers are in place), recompute once."""
        unknown = [k for k in values if k not in self.inputs]
        if unknown:
            raise KeyError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(self.inputs)}")
        bad: dict[str, str] = {}
        self._hold = True
        try:
            for name in sorted(values, key=lambda k: k != "policy"):
                problem = self._assign(name, values[name])
                if problem:
                    bad[name] = problem
                elif name == "policy" and self._on_policy:
                    self._on_policy(self)
        finally:
            self._hold = False
        self.recompute()
        for name, text in bad.items():
            self._show(name, text)
        return self

    def _assign(self, name: str, v: Any) -> str | None:
        """Put ``v`` into the input ``name`` as that input holds it (text for a text box, a whole
        number for a number box, a tuple for a multiple choice); the problem, if it does not fit."""
        w = self.inputs[name]
        if isinstance(w, W.Text):
            v = "" if v is None else v.isoformat() if isinstance(v, date) else \
                str(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else v
        elif isinstance(w, (W.SelectMultiple, CheckboxGroup)):
            v = (v,) if isinstance(v, str) else tuple(v or ())
        elif isinstance(w, W.Dropdown) and v is None:
            v = ""
        elif isinstance(w, (W.IntText, W.BoundedIntText)) and isinstance(v, str):
            v = whole_or_text(v)
        try:
            w.value = v
        except (TraitError, ValueError, TypeError) as e:
            choices = [str(label) for label, _ in getattr(w, "options", ()) if isinstance(label, str)]
            if choices:  # a choice list: name what may be chosen, by what the page shows
                return f"{show(v)} 不是可选的值(可选:{'、'.join(choices)})"
            return f"{show(v)} 不是可选的值:{e}"
        return None

    def _show(self, name: str, text: str, beside: str | None = None) -> None:
        """Show ``beside`` (else ``text``) next to the input ``name`` (unknown names: the general label)."""
        target = name if name in self.errors else GENERAL
        shown = text if target == GENERAL or beside is None else beside
        self.errors[target].value = f"<span class='yibao-error-text' style='color:#b00020'>⚠ {esc(shown)}</span>"
        if target != GENERAL:
            self.inputs[target].add_class(INVALID_CLASS)  # the page script marks it aria-invalid
            if target in self.section_of:  # a folded field's message must be seen: open its section
                self.section_of[target].selected_index = 0
        self.error = "; ".join(t for t in (self.error, text) if t)
        self.status.value = ("<p style='color:#b00020'>输入有误:下面仍是上一次有效的结果</p>"
                             if self.result is not None else "")

    def recompute(self) -> None:
        """Run the calculator on the current inputs; on a bad entry keep the last good result."""
        for e in self.errors.values():
            e.value = ""
        for w in self.inputs.values():
            w.remove_class(INVALID_CLASS)
        self.error = ""
        self.status.value = ""
        try:
            result = self._compute(self.values())
            rendered = self._render(result)
        except (InputError, NotCovered) as err:
            self._show(self._field_of(err.path) or GENERAL, _error_text(err), beside=_error_text(err, False))
            return
        except YibaoError as err:
            self._show(GENERAL, _error_text(err))
            return
        except Exception as err:
            self._show(GENERAL, f"计算出错({type(err).__name__}):{err}")
            return
        self.result = result
        self.output.value = rendered

    def invalid(self) -> list[str]:
        """The fields marked as holding a bad entry (their message beside them)."""
        return [n for n, w in self.inputs.items() if INVALID_CLASS in w._dom_classes]

    def __repr__(self) -> str:
        return f"<Calculator {self.title}: {'输入有误' if self.error else '结果已算出' if self.result else '尚无结果'}>"

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display
        display(self.widget)


def text_box(label: str, value: str = "", placeholder: str = "") -> W.Text:
    return W.Text(value=value, description=label, placeholder=placeholder, continuous_update=False,
                  style=DESC)


def whole_box(label: str, value: int | None = None, placeholder: str = "整数") -> W.Text:
    """A box for a whole number, as text: a browser's number box would turn "1.5" into 15 without a
    word; the calculator reads the text (:func:`whole_or_text`) and refuses what is not whole beside it."""
    return text_box(label, "" if value is None else str(value), placeholder)


def years(text: str) -> Any:
    """A count of years from a :func:`whole_box`: empty means none (0); other text goes to the calculator
    (typed ``Any``: see :func:`whole_or_text`)."""
    value = whole_or_text(text)
    return 0 if value is None else value


def optional(text: str) -> str | None:
    """Empty text means "not given"."""
    return text.strip() or None


def whole_or_text(text: str) -> Any:
    """A whole number from a text box (read as everywhere: :func:`yibao.inputs.parse_whole`, so
    full-width digits count and ``1_0`` or ``٣`` do not), or the text itself for the calculator to refuse.

    Typed ``Any`` (an int, None or the text): the calculators' signatures say what they accept, and
    they refuse anything else with their own message (their API takes any value and raises only its
    own errors, tests/test_catalogue.py), so the text a person typed is handed on as it is."""
    if not text.strip():
        return None
    try:
        return parse_whole(text, "value", -(2 ** 63), 2 ** 63 - 1)
    except InputError:
        return text.strip()


def opening(calculator: str, policy: str | None) -> tuple[str | None, dict[str, str]]:
    """The policy a calculator opens on (``policy``, else its example's) and the text its fields start
    with (its example's: ``policies/examples.yaml``)."""
    ex = example(calculator)
    return policy or ex.policy, dict(ex.values)


def _policies(calculator: str) -> list[tuple[str, str]]:
    out = []
    for pid in policy_ids():
        try:
            pol = load_policy(pid)
        except YibaoError:
            continue
        if all(states(pol, s) for s in NEEDS[calculator]):
            out.append((pol.title, pid))  # a person reads the notice's title, never the id
    return out


def policy_dropdown(calculator: str, value: str | None) -> W.Dropdown:
    """The policies that state what ``calculator`` reads (:data:`yibao.policy.examples.NEEDS`)."""
    options = _policies(calculator)
    if value not in [v for _, v in options]:
        raise InputError("policy", f"{show(value)} is not a policy this calculator can use",
                         ", ".join(v for _, v in options))
    return W.Dropdown(options=options, value=value, description="政策", style=DESC,
                      layout=W.Layout(width="46em"))


class CheckboxGroup(W.VBox):
    """A multiple choice as one checkbox per option (no Ctrl-click list): ``value`` is the tuple of
    the ticked options' values, in the options' order; setting it ticks them (an unknown value is refused)."""

    value = Tuple()

    def __init__(self, options: Sequence[tuple[str, str]], description: str, value: Sequence[str] = ()):
        self.options = list(options)
        self.description = description
        self.boxes = [W.Checkbox(value=False, description=label, indent=False,
                                 layout=W.Layout(width="auto", margin="0 1.2em 0 0")) for label, _ in self.options]
        legend = W.HTML(value=f"<span class='yibao-legend'>{esc(description)}</span>")
        legend.add_class("widget-label")
        legend.add_class("yibao-group-label")
        grid = W.Box(self.boxes, layout=W.Layout(flex_flow="row wrap"))
        grid.add_class("yibao-checks")
        super().__init__([legend, grid])
        self.add_class("yibao-checkgroup")
        self._syncing = False
        for box in self.boxes:
            box.observe(self._ticked, names="value")
        self.value = tuple(value)

    @validate("value")
    def _known(self, proposal: Any) -> tuple:
        known = [v for _, v in self.options]
        chosen = tuple(proposal["value"])
        unknown = [v for v in chosen if v not in known]
        if unknown:
            raise TraitError(f"{', '.join(map(str, unknown))} 不在可选的人群中")
        return tuple(v for v in known if v in chosen)

    def _ticked(self, change: dict) -> None:
        if not self._syncing:
            self.value = tuple(v for (_, v), box in zip(self.options, self.boxes, strict=True) if box.value)

    @observe("value")
    def _tick(self, change: dict) -> None:
        self._syncing = True
        try:
            for (_, v), box in zip(self.options, self.boxes, strict=True):
                box.value = v in change["new"]
        finally:
            self._syncing = False


def groups_widget() -> CheckboxGroup:
    """The groups a person belongs to, one checkbox each."""
    return CheckboxGroup(GROUP_OPTIONS, "人群(可多选)")


def tier_refresher(tiers_of: Callable[[Policy], Sequence[str]], allow_blank: Callable[[Sequence[str]], bool]):
    """On a policy change: the tier dropdown gets the policy's tiers, keeping the choice if still offered."""
    def refresh(calc: Calculator) -> None:
        tier = calc.inputs["tier"]
        tiers = list(tiers_of(load_policy(calc.inputs["policy"].value)))
        codes = ([""] if allow_blank(tiers) else []) + tiers
        default = tiers[0] if len(tiers) > 1 else codes[0]
        keep = tier.value if tier.value and tier.value in codes else default
        tier.options = [(tier_label(c), c) for c in codes]
        tier.value = keep
    return refresh


def premium_tiers(pol: Policy) -> list[str]:
    """The policy's tiers, dearest first."""
    if pol.premium is None:
        return []
    dearest = sorted(pol.premium.tiers.items(), key=lambda kv: kv[1].value, reverse=True)
    return [tier for tier, _ in dearest]


def tier_dropdown() -> W.Dropdown:
    return W.Dropdown(options=[(NO_TIER, "")], value="", description="缴费档次", style=DESC)

"""Every refusal as one JSON shape, ``{"detail": [{"loc", "msg", "type"}]}`` (FastAPI's own for 422):
``loc`` is the field's path in the request (``["body", "claims", 3, "level"]``), ``msg`` the message
catalogue's sentence for it (:func:`yibao.messages.message`, Chinese by default), ``type`` its kind.
Nothing of a stack trace, a file or the server's paths is ever in an answer."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...errors import FieldPath, InputError, NotCovered, PolicyDataError, YibaoError
from ...messages import message
from .bridge import field_path

#: pydantic's error types → (the catalogue's kind, the English problem, what is allowed).
_PYDANTIC = {
    "missing": ("value.missing", "missing", "a value"),
    "extra_forbidden": ("key.unknown", "unknown field", None),
    "string_type": ("text.wrong_type", "is not text", "text, or a number where a number is meant"),
    "string_too_long": ("text.too_long", "is too long", None),
    "string_too_short": ("value.empty", "is too short", "a few words"),
    "bool_type": ("bool.not_yes_no", "is not true or false", "true or false"),
    "list_type": ("list.wrong_type", "is not a list", "a JSON list"),
    "too_long": ("api.too_many", "has too many items", None),
    "too_short": ("list.empty", "has too few items", "one or more items"),
    "model_type": ("mapping.wrong_type", "is not an object", "a JSON object"),
    "model_attributes_type": ("mapping.wrong_type", "is not an object", "a JSON object"),
    "dict_type": ("mapping.wrong_type", "is not an object", "a JSON object"),
}


def problem(loc: list[str | int], text: str, kind: str) -> dict[str, Any]:
    return {"loc": loc, "msg": text, "type": kind}


def body(*problems: dict[str, Any]) -> dict[str, Any]:
    return {"detail": list(problems)}


def not_json() -> InputError:
    return InputError("body", "not a JSON object", 'a JSON object such as {"policy": "lhasa-2025"}',
                      kind="api.not_json")


def too_large(limit: int) -> InputError:
    return InputError("body", "too large", f"at most {limit} bytes", kind="api.too_large", params={"maximum": limit})


def timed_out(seconds: float) -> InputError:
    return InputError("body", "took too long", f"at most {seconds:g} seconds", kind="api.timeout",
                      params={"maximum": f"{seconds:g}"})


def schema_errors(e: ValidationError, known: dict[tuple, list[str]] | None = None) -> list[InputError]:
    """A request body's schema errors (the first 20) as the catalogue's errors, each naming its field."""
    out = []
    for err in e.errors(include_url=False, include_context=True, include_input=False)[:20]:
        loc = [p for p in err["loc"] if isinstance(p, (str, int))]
        kind, english, allowed = _PYDANTIC.get(err["type"], ("input", err["msg"], None))
        params: dict[str, Any] = {}
        ctx = err.get("ctx") or {}
        if err["type"] == "too_long":
            allowed = f"at most {ctx.get('max_length')} items"
            params = {"maximum": ctx.get("max_length")}
        elif err["type"] == "string_too_long":
            allowed = f"at most {ctx.get('max_length')} characters"
            params = {"maximum": ctx.get("max_length")}
            kind, english = "api.text_too_long", "is too long"
        elif err["type"] == "extra_forbidden":
            choices = (known or {}).get(tuple(loc[:-1]), [])
            allowed = ", ".join(choices)
            params = {"choices": choices}
        elif err["type"] == "missing":
            params = {"allowed": "这一项必须填写"}
        out.append(InputError(FieldPath(*loc) if loc else FieldPath("body"), english, allowed, kind=kind,
                              params=params))
    return out


def validation_problems(e: ValidationError, lang: str, known: dict[tuple, list[str]] | None = None,
                        ) -> list[dict[str, Any]]:
    """A request body's schema errors, each with the catalogue's sentence for its field."""
    return [problem(["body"] if ie.path == ("body",) else ["body", *ie.path], message(ie, lang), ie.kind)
            for ie in schema_errors(e, known)]


def yibao_problem(err: YibaoError, command: str, lang: str) -> tuple[int, dict[str, Any]]:
    """A calculator's refusal: 422 with the request field it names; bad policy data (the server's): 503."""
    if isinstance(err, InputError):
        path = field_path(err.path, command)
        moved = InputError(path, err.problem, err.allowed, kind=err.kind, params=err.params)
        return 422, problem(["body", *path], message(moved, lang), err.kind)
    if isinstance(err, NotCovered):
        path = field_path(err.path, command)
        nc = NotCovered(path, err.problem, err.rules, kind=err.kind, params=err.params)
        return 422, problem(["body", *path], message(nc, lang), err.kind)
    if isinstance(err, PolicyDataError):
        return 503, problem(["policy"], "政策数据有误,请联系管理员" if lang == "zh" else "policy data error",
                            "policy_data")
    return 422, problem(["body"], message(err, lang), err.kind)

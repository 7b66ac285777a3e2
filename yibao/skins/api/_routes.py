"""The endpoints: ``POST /v1/<calculator>`` for each command (one handler, a table of them), the
budget impact, and ``GET /v1/policies[/{id}]``. Every calculation runs in a worker thread within the
time bound; every refusal is a :mod:`.errors` answer."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import anyio
from fastapi import APIRouter, Query
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from ...errors import InputError, YibaoError
from ...messages import message
from . import bridge
from .answers import answer
from .errors import body, problem, timed_out, too_large, validation_problems, yibao_problem
from .limits import Limits
from .requests import BodyTooLarge, language, parse_json, read_body
from .schemas import COMMANDS, EXAMPLES, Answer, BudgetRequest, Problems, Reformable

log = logging.getLogger("yibao.api")

#: Each endpoint's Chinese summary (the OpenAPI document and the docs page).
SUMMARIES = {
    "premium": "个人缴费与各方分担(同 yibao premium)",
    "coverage": "待遇起止日期与等待期(同 yibao coverage)",
    "flexible": "灵活就业人员参加职工医保的缴费,或何时停保(同 yibao flexible)",
    "maternity": "职工生育医疗费用包干与生育津贴天数(同 yibao maternity)",
    "settle": "结算一笔或一年的医疗费用:基本医保、大病保险、医疗救助、个人负担(同 yibao settle)",
    "incentive": "参保激励提高的大病保险最高支付限额(同 yibao incentive)",
    "tiers": "选档建议:高档多缴多少、花多少钱时高档划算(同 yibao tiers)",
    "diff": "两份政策(或政策与改革方案)之间改变的每一个值(同 yibao diff)",
    "compare": "同一个人在各政策下的缴费对照,或基线与改革方案对照(同 yibao compare)",
    "budget": "改革方案对一小群人的预算影响:医保基金、医疗救助、财政、个人",
}

_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"description": "计算结果(result 与命令行 --json 相同)"},
    422: {"model": Problems, "description": "输入有误:字段路径和原因"},
    413: {"model": Problems, "description": "请求太大"},
    503: {"model": Problems, "description": "计算超时或政策数据有误"},
}


def _json(status: int, content: Any) -> JSONResponse:
    return JSONResponse(content, status_code=status)


def _dump(value: Any) -> Any:
    """A field's value as the command reads it: rows as plain mappings (the reform body stays a model)."""
    if isinstance(value, list):
        return [v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v for v in value]
    return value


def _known_fields(model: type[BaseModel]) -> dict[tuple, list[str]]:
    """The fields allowed at each level of ``model`` (named in an "unknown field" message)."""
    return {(): list(model.model_fields)}


async def compute(request: Request, limits: Limits, model: type[BaseModel] | None, command: str,
                  work: Callable[[Any], Any]) -> JSONResponse:
    """Read the body into ``model``, run ``work(model)`` in a thread within the time bound, answer."""
    lang = language(request)
    fields: Any = None
    if model is not None:
        try:
            raw = await read_body(request, limits.body_bytes)
        except BodyTooLarge:
            err = too_large(limits.body_bytes)
            return _json(413, body(problem(["body"], message(err, lang), err.kind)))
        try:
            fields = model.model_validate(parse_json(raw))
        except InputError as e:
            return _json(422, body(problem(["body"], message(e, lang), e.kind)))
        except ValidationError as e:
            return _json(422, body(*validation_problems(e, lang, _known_fields(model))))

    def job() -> dict[str, Any]:
        return answer(work(fields), lang)

    try:
        with anyio.fail_after(limits.seconds):
            data = await anyio.to_thread.run_sync(job, abandon_on_cancel=True)
    except TimeoutError:
        err = timed_out(limits.seconds)
        return _json(503, body(problem(["body"], message(err, lang), err.kind)))
    except YibaoError as e:
        status, p = yibao_problem(e, command, lang)
        return _json(status, body(p))
    return _json(200, data)


def _given(fields: BaseModel) -> dict[str, Any]:
    return {k: _dump(getattr(fields, k)) for k in fields.model_fields_set if getattr(fields, k) is not None}


def _request_body(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema,
                                                                               "example": EXAMPLES[name]}}}}


def _handler(limits: Limits, name: str, model: type[Reformable]) -> Callable[[Request], Any]:
    async def handler(request: Request) -> JSONResponse:
        return await compute(request, limits, model, name, lambda f: bridge.run(name, _given(f)))
    return handler


def router(limits: Limits) -> APIRouter:
    r = APIRouter(prefix="/v1")

    for path, (name, model) in COMMANDS.items():
        r.add_api_route(f"/{path}", _handler(limits, name, model), methods=["POST"], summary=SUMMARIES[path],
                        name=path, tags=["计算"], response_model=Answer, responses=_ERRORS,
                        openapi_extra=_request_body(model, path),
                        description=(model.__doc__ or "") + "\n\n字段名与命令行选项相同(去掉 --,连字符改为下划线)。")

    @r.post("/budget", summary=SUMMARIES["budget"], tags=["政策模拟"], response_model=Answer, responses=_ERRORS,
            openapi_extra=_request_body(BudgetRequest, "budget"))
    async def budget(request: Request) -> JSONResponse:
        from .budget import budget_answer

        return await compute(request, limits, BudgetRequest, "budget", budget_answer)

    @r.get("/policies", summary="全部政策:年度、上级政策、来源(同 yibao policies)", tags=["政策"],
           response_model=Answer, responses=_ERRORS)
    async def policies(request: Request) -> JSONResponse:
        return await compute(request, limits, None, "policies", lambda _: bridge.run("policies", {}))

    @r.get("/policies/{policy_id}", summary="一项政策的每一个值:中文名、取值、单位、原文、出处、规则编号、解读",
           tags=["政策"], response_model=Answer,
           responses={**_ERRORS, 404: {"model": Problems, "description": "没有这项政策"}})
    async def policy(request: Request, policy_id: str,
                     set: list[str] | None = Query(None, description="改革方案 PATH=VALUE(可重复)")  # noqa: B008
                     ) -> JSONResponse:
        from .policy_values import policy_document

        def work(_: Any) -> Any:
            from ...policy.loader import load_policy
            from ...policy.reform import Reform
            from ...policy.reformed import apply_reform

            pol = load_policy(policy_id)
            return policy_document(apply_reform(pol, Reform.from_sets(set) if set else None))

        response = await compute(request, limits, None, "policies", work)
        if response.status_code == 422 and b'"policy.unknown"' in bytes(response.body):
            found = json.loads(bytes(response.body))
            found["detail"][0]["loc"] = ["path", "policy_id"]
            return _json(404, found)
        return response

    return r

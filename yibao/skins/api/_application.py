"""The FastAPI application behind :func:`yibao.skins.api.app.create_app`: routes, the offline docs page,
health, error handlers, the OpenAPI document. (Private, like the other modules that import FastAPI at
import time: the docs site documents :mod:`.app` and the framework-free modules.)"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from ...errors import FieldPath, InputError
from ...messages import message
from ._docs_page import add_docs
from ._routes import router
from .answers import API_VERSION
from .errors import body, problem
from .limits import Limits
from .requests import language
from .schemas import COMMANDS, Answer, BudgetRequest, Problems

log = logging.getLogger("yibao.api")

DESCRIPTION = """城乡居民医保计算器的 Web 接口:与命令行 `yibao` 相同的计算、相同的输入检查和出错消息。

- 每个计算一个 `POST /v1/…`,请求字段与命令行选项同名(去掉 `--`,连字符改为下划线,`--group` 为 `groups`,
  `--set` 为 `set`);费用文件、参保记录文件、家庭成员文件改为 JSON 列表 `claims`、`history`、`household`。
- 回答的 `result` 与命令行 `--json` 相同(金额为两位小数的字符串),另附中文说明 `text`、所引文章 `sources`、
  所用解读 `readings`,以及改革方案 `reform`(无改革时为 null)。
- 任何请求都可附带改革方案:`set`(PATH=VALUE 列表)或 `reform`(标题、说明、各项改动)。
- 输入有误时回答 422,`detail` 列出字段路径 `loc` 和原因 `msg`(默认中文;`Accept-Language: en` 为英文)。
"""


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the request bodies' schemas (the handlers read their bodies themselves,
    to keep numbers as written and bound the size)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    models: list[type[BaseModel]] = [m for _, m in COMMANDS.values()] + [BudgetRequest, Answer, Problems]
    _, defs = models_json_schema([(m, "validation") for m in models], ref_template="#/components/schemas/{model}")
    doc.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
    app.openapi_schema = doc
    return doc


def build_app(limits: Limits) -> FastAPI:
    app = FastAPI(title="yibao 城乡居民医保计算接口", version=API_VERSION, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_tags=[
                      {"name": "计算", "description": "每个计算器一个端点,与命令行的子命令一一对应"},
                      {"name": "政策模拟", "description": "改革方案对一群人的预算影响"},
                      {"name": "政策", "description": "政策及其每一个值的出处"},
                      {"name": "服务", "description": "健康检查"}])
    app.include_router(router(limits))
    add_docs(app)

    @app.get("/health", summary="健康检查:服务在运行,政策文件可读", tags=["服务"])
    def health() -> dict[str, Any]:
        from ...policy.loader import policy_ids

        return {"status": "ok", "api_version": API_VERSION, "policies": len(policy_ids())}

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = language(request)
        out = []
        for err in exc.errors()[:20]:
            loc = [p for p in err.get("loc", ()) if isinstance(p, (str, int))]
            e = InputError(FieldPath(*loc[1:]) if len(loc) > 1 else FieldPath("body"), str(err.get("msg", "")))
            out.append(problem(loc, message(e, lang), "input"))
        return JSONResponse(body(*out), status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        zh = {404: "没有这个地址;接口见 /docs", 405: "这个地址不接受这种请求方法;接口见 /docs"}
        text = zh.get(exc.status_code, "请求有误") if language(request) == "zh" else str(exc.detail)
        return JSONResponse(body(problem([], text, f"http.{exc.status_code}")), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)  # the trace goes to the server's log only
        text = "内部错误,请报告" if language(request) == "zh" else "internal error, please report it"
        return JSONResponse(body(problem([], text, "internal")), status_code=500)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app

"""``/docs``: Swagger UI 5 served from the files the ``fastapi-offline`` package ships, so the page works
with no network (FastAPI's default page loads it from a CDN and is blank offline). Only the files are
used; ``swagger-ui-bundle``'s Swagger UI 4 cannot read the OpenAPI 3.1 document FastAPI writes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

STATIC = "/docs/static"
#: On a phone: the empty "Links" column goes, code samples wrap in a smaller font, so answers stay readable.
NARROW = """<style>
@media (max-width: 600px) {
  .swagger-ui .response-col_links, .swagger-ui .responses-table .col_header.response-col_links { display: none; }
  .swagger-ui .microlight, .swagger-ui .highlight-code pre { font-size: 11px; white-space: pre-wrap; }
  .swagger-ui .wrapper { padding: 0 8px; }
}
</style>
"""


def add_docs(app: FastAPI) -> None:
    try:
        import fastapi_offline
    except ImportError:  # the web extra is not installed: the document is still at /openapi.json
        @app.get("/docs", include_in_schema=False)
        def no_docs() -> HTMLResponse:
            return HTMLResponse("<!doctype html><meta charset=utf-8><title>yibao 接口</title>"
                                "<p>接口文档页需要 fastapi-offline(pip install 'yibao[web]');"
                                "接口说明见 <a href=/openapi.json>/openapi.json</a>。</p>")
        return

    files = Path(fastapi_offline.__file__).parent / "static"
    app.mount(STATIC, StaticFiles(directory=files), name="swagger-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="yibao 城乡居民医保计算接口",
                                   swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{STATIC}/swagger-ui.css",
                                   swagger_favicon_url=f"{STATIC}/favicon.png",
                                   swagger_ui_parameters={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True})
        html = bytes(page.body).decode().replace("<html>", '<html lang="zh-CN">', 1)
        html = html.replace("</head>", NARROW + "</head>", 1)
        return HTMLResponse(html)

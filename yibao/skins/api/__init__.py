"""The web API (``yibao serve``): the calculators over HTTP as a thin skin on the command modules.

- :mod:`.app`: the ASGI application (``create_app``); the FastAPI parts (``_application``: health,
  error handlers, the OpenAPI document; ``_routes``: the endpoints; ``_docs_page``: the offline docs
  page) are private modules, imported when an app is made;
- :mod:`.bridge`: a request's fields as a command's options;
- :mod:`.schemas`: request and answer bodies; :mod:`.limits`: how much one request may ask;
- :mod:`.requests`: language and body reading; :mod:`.errors`: refusals in the catalogue's words;
- :mod:`.answers`: a result with its citations; :mod:`.policy_values`: one policy as data;
- :mod:`.budget`: budget impact.

Needs the ``web`` extra (fastapi, uvicorn).
"""

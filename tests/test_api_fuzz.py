"""A property-based fuzz of the API's OpenAPI document (schemathesis, in-process against the ASGI app):
valid and invalid bodies for every operation find no 5xx, and every answer is one the document
describes (status, content type, body schema). Bounded: a few dozen cases per operation."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from yibao.skins.api.app import create_app  # noqa: E402

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
#: What is checked: no 5xx; every status, content type and body one the document describes; a request
#: the schema refuses is refused. (A schema-valid request may still be refused, 422: a date that is no
#: date, a policy that does not exist, the rules' cross-field checks are the calculators', not the schema's.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_server_error_and_every_answer_in_the_schema(case):
    response = case.call()
    assert response.status_code < 500, (case.path, response.text[:300])
    assert "Traceback" not in response.text
    case.validate_response(response, checks=CHECKS)

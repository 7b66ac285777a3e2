"""The web API answers every calculator with the CLI's numbers (the same worked cases as tests/test_cli.py,
checked by hand from the articles), through an HTTP client; bad input is 422 with the field's path and
the catalogue's message; a reform rides on any request and is marked."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from yibao.skins.api.app import create_app
from yibao.skins.api.limits import MAX_CLAIMS, Limits

r = pytest.mark.rules


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Limits(body_bytes=200_000)), raise_server_exceptions=False) as c:
        yield c


def ok(client, path, body, **kw):
    res = client.post(path, json=body, **kw)
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["api_version"] == "1" and isinstance(out["text"], str)
    return out


def refused(client, path, body, status=422, **kw):
    res = client.post(path, json=body, **kw) if not isinstance(body, bytes) else client.post(path, content=body, **kw)
    assert res.status_code == status, res.text
    detail = res.json()["detail"]
    assert detail and all({"loc", "msg", "type"} <= set(d) for d in detail)
    return detail[0]


@r("L7")
def test_premium_dibao_lhasa_2025_pays_40_and_assistance_360(client):
    out = ok(client, "/v1/premium", {"policy": "lhasa-2025", "groups": ["低保对象"]})
    res = out["result"]
    # 400 high tier (L3), dibao pays 10% = 40, medical assistance the other 360 (L7)
    assert res["individual"] == "40.00" and res["standard"] == "400.00"
    assert res["paid_by"] == {"individual": "40.00", "medical_assistance": "360.00"}
    assert out["reform"] is None and out["lang"] == "zh"
    assert "lhasa-2025" in out["sources"] and out["sources"]["lhasa-2025"]["title"].startswith("《")
    assert {x["id"] for x in out["readings"]} == set(res["assumptions"])
    assert all(x["reading"] for x in out["readings"])
    assert "个人缴费 40.00 元" in out["text"]


@r("L8")
def test_premium_low_income_alleviated_160_plus_240(client):
    res = ok(client, "/v1/premium", {"policy": "lhasa-2025", "groups": ["low_income_alleviated"],
                                     "income": 10000})["result"]
    assert res["paid_by"] == {"individual": "160.00", "medical_assistance": "240.00"}


@r("L5")
def test_premium_age_rule_by_birth_date(client):
    res = ok(client, "/v1/premium", {"policy": "lhasa-2025", "tier": "low", "sex": "male",
                                     "birth_date": "1959-06-01"})["result"]
    assert res["individual"] == "0.00" and res["paid_by"]["finance"] == "400.00"


@r("X4")
def test_coverage_after_a_break_waits_three_plus_one_months(client):
    res = ok(client, "/v1/coverage", {"policy": "xining-2025", "paid_on": "2025-04-01", "gap_years": 1})["result"]
    assert (res["start"], res["end"]) == ("2025-08-01", "2025-12-31")  # 2025-04-01 + 4 months
    assert (res["fixed_waiting_months"], res["variable_waiting_months"]) == (3, 1)


@r("F7")
def test_flexible_premium_is_9_percent_of_10791(client):
    assert ok(client, "/v1/flexible", {"average_wage": "10791"})["result"]["monthly"] == "971.19"  # 10791×9%


@r("T21", "T22")
def test_maternity_caesarean_twins_difficult(client):
    res = ok(client, "/v1/maternity", {"delivery": "caesarean", "babies": 2, "difficult": True})["result"]
    assert (res["lump_sum"], res["allowance_days"]) == ("9200.00", 180)  # 8000×1.15; 120+15+15+30


@r("T6", "T7")
def test_settle_one_inpatient_claim_high_tier_level_3(client):
    res = ok(client, "/v1/settle", {"policy": "xizang-2024", "tier": "high", "inpatient": 10000,
                                    "level": 3})["result"]
    assert res["basic"] == "8160.00"  # (10000 − 400) × 85%


@r("T6", "T7")
def test_settle_a_list_of_claims_sums_them(client):
    claim = {"date": "2024-03-01", "kind": "inpatient", "cost": "10000", "level": 3}
    res = ok(client, "/v1/settle", {"policy": "xizang-2024", "tier": "high",
                                    "claims": [claim, {**claim, "date": "2024-05-01", "admission": 2}]})["result"]
    assert res["claims"][0]["basic"] == "8160.00"
    assert len(res["claims"]) == 2 and res["total_cost"] == "20000.00"


def test_settle_claims_and_one_claim_together_are_refused_naming_the_field(client):
    d = refused(client, "/v1/settle", {"policy": "xizang-2024", "tier": "high", "inpatient": 100, "level": 3,
                                       "claims": [{"date": "2024-03-01", "kind": "inpatient", "cost": 1, "level": 3}]})
    assert d["loc"] == ["body", "inpatient"]


def test_settle_bad_claim_names_its_position_and_column(client):
    d = refused(client, "/v1/settle", {"policy": "xizang-2024", "tier": "high", "claims": [
        {"date": "2024-03-01", "kind": "inpatient", "cost": "10", "level": 3},
        {"date": "2024-03-02", "kind": "inpatient", "cost": "10", "level": 7}]})
    assert d["loc"] == ["body", "claims", 1, "level"] and d["msg"].startswith("第2笔费用的医院等级")


@r("T14", "T15")
def test_incentive_six_years_enrolled_no_claims(client):
    history = [{"year": y, "enrolled": True, "fund_reimbursed": False} for y in range(2025, 2031)]
    res = ok(client, "/v1/incentive", {"policy": "xizang-2025", "history": history, "year": 2031})["result"]
    # continuous 2029–2031 each +1000; zero-claim 2025–2030 each +1000: 140000 + 3000 + 6000
    assert (res["continuous_amount"], res["zero_claim_amount"], res["cap"]) == ("3000.00", "6000.00", "149000.00")


@r("T3", "T6")
def test_tiers_extra_premium_high_over_low(client):
    res = ok(client, "/v1/tiers", {"policy": "lhasa-2025", "kind": "inpatient", "level": 3})["result"]
    assert res["extra_premium"] == "180.00"  # 400 − 220 (L3)


def test_diff_lhasa_2024_to_2025_names_the_high_tier(client):
    res = ok(client, "/v1/diff", {"old": "lhasa-2024", "new": "lhasa-2025"})["result"]
    changed = {c["path"]: c for c in res["changed"]}
    assert (changed["premium.tiers.high"]["old"], changed["premium.tiers.high"]["new"]) == ("380.00", "400.00")


@r("C1")
def test_compare_low_tier_under_every_policy(client):
    res = ok(client, "/v1/compare", {"tier": "low"})["result"]
    rows = {row["policy"]: row for row in res["policies"]}
    assert rows["lhasa-2025"]["result"]["individual"] == "220.00"
    assert rows["yuncheng-2024"]["result"]["individual"] == "380.00"


@r("T7", "T9")
def test_compare_reform_with_household_member_error_names_household(client):
    d = refused(client, "/v1/compare", {"policy": ["lhasa-2025"], "set": ["catastrophic.deductible.high=4000"],
                                        "household": [{"tier": "high"}, {"tier": "gold"}]})
    assert d["loc"][:3] == ["body", "household", 1]


@r("T7", "T9", "L5", "L6", "L7")
def test_budget_small_population_by_hand(client):
    """tests/test_budget.py's population: a (60000 at level 3, high tier) gains 700 of catastrophic insurance,
    b (dibao) 375, and assistance pays 356.25 less."""
    people = [{"person_id": "a", "tier": "high", "groups": ""}, {"person_id": "b", "tier": "high", "groups": "dibao"},
              {"person_id": "c", "tier": "high", "groups": "tekun"}, {"person_id": "d", "tier": "low", "groups": ""},
              {"person_id": "e", "tier": "high", "groups": "", "sex": "female", "age": 70}]
    claims = [{"person_id": "a", "date": "2025-03-01", "kind": "inpatient", "cost": "60000", "level": 3},
              {"person_id": "b", "date": "2025-03-01", "kind": "inpatient", "cost": "60000", "level": 3},
              {"person_id": "b", "date": "2025-06-01", "kind": "special_outpatient", "cost": "3000"},
              {"person_id": "d", "date": "2025-05-01", "kind": "special_outpatient", "cost": "3000"}]
    out = ok(client, "/v1/budget", {"policy": "lhasa-2025", "set": ["catastrophic.deductible.high=4000"],
                                    "people": people, "claims": claims})
    total = out["result"]["total"]
    assert total["catastrophic"]["change"] == "1075.00" and total["assistance"]["change"] == "-356.25"
    assert total["fund_paid"]["change"] == "1075.00"
    assert out["reform"]["changes"][0]["new"] == "4000.00"


def test_budget_without_a_reform_is_refused(client):
    d = refused(client, "/v1/budget", {"policy": "lhasa-2025", "people": [{"person_id": "a", "tier": "high"}]})
    assert d["loc"] == ["body", "set"]


@r("L3")
def test_reform_by_set_is_applied_and_marked(client):
    out = ok(client, "/v1/premium", {"policy": "lhasa-2025", "tier": "high", "set": ["premium.tiers.high=420"]})
    assert out["result"]["individual"] == "420.00"
    assert out["reform"]["changes"][0]["old"] == "400.00" and out["result"]["reform"] == out["reform"]
    assert out["text"].startswith("【改革方案")


@r("L3")
def test_reform_body_is_applied_and_marked(client):
    body = {"policy": "lhasa-2025", "tier": "high",
            "reform": {"title": "高档提到420元", "overrides": [{"path": "premium.tiers.high", "value": 420,
                                                               "note": "测算"}]}}
    out = ok(client, "/v1/premium", body)
    assert out["result"]["individual"] == "420.00" and out["reform"]["title"] == "高档提到420元"


@r("F7")
def test_reform_rides_on_a_calculator_without_set_option(client):
    # the example flexible policy's 9% raised to 10%: 10791 × 10% = 1079.10
    out = ok(client, "/v1/flexible", {"average_wage": "10791", "set": ["flexible.employee_rate=10%"]})
    assert out["result"]["monthly"] == "1079.10" and out["reform"] is not None


def test_reform_unknown_path_is_422_on_set(client):
    assert refused(client, "/v1/premium", {"policy": "lhasa-2025", "tier": "high",
                                           "set": ["no.such.path=1"]})["loc"] == ["body", "set"]


def test_policies_list_and_one_policy_with_cited_values(client):
    res = client.get("/v1/policies").json()["result"]
    assert "lhasa-2025" in {p["id"] for p in res["policies"]}
    doc = client.get("/v1/policies/lhasa-2025").json()["result"]
    high = next(v for v in doc["values"] if v["path"] == "premium.tiers.high")
    assert (high["value"], high["value_zh"], high["unit"], high["rules"]) == ("400.00", "400.00 元", "yuan", ["L3"])
    assert "220元和400元" in high["quote"] and high["source"] in doc["sources"]
    assert all({"label", "readings"} <= set(v) for v in doc["values"])


def test_one_policy_under_a_reform_query(client):
    doc = client.get("/v1/policies/lhasa-2025", params={"set": "premium.tiers.high=420"}).json()
    high = next(v for v in doc["result"]["values"] if v["path"] == "premium.tiers.high")
    assert high["value"] == "420.00" and doc["reform"] is not None


def test_unknown_policy_is_404_naming_the_path_parameter(client):
    res = client.get("/v1/policies/nowhere-2025")
    assert res.status_code == 404 and res.json()["detail"][0]["loc"] == ["path", "policy_id"]


@pytest.mark.parametrize("body, loc, words", [
    ({"policy": "nowhere-2025", "tier": "high"}, ["body", "policy"], "没有"),
    ({"policy": "lhasa-2025"}, ["body", "tier"], "缴费档次"),
    ({"policy": "lhasa-2025", "tier": "gold"}, ["body", "tier"], "gold"),
    ({"policy": "lhasa-2025", "tier": "high", "age": "forty"}, ["body", "age"], "年龄:“forty” 不是整数"),
    ({"policy": "lhasa-2025", "tier": "high", "age": 40, "birth_date": "1990-01-01"}, ["body", "age"], "不能与出生日期"),
    ({"policy": "lhasa-2025", "tier": "high", "birth_date": ""}, ["body", "birth_date"], "出生日期"),
    ({"policy": "lhasa-2025", "tier": "high", "groups": ["martian"]}, ["body", "groups"], "martian"),
    ({"policy": "lhasa-2025", "tier": "high", "colour": "red"}, ["body", "colour"], "不认识"),
    ({"tier": "high"}, ["body", "policy"], "政策:未填写"),
    ({"policy": "lhasa-2025", "tier": True}, ["body", "tier"], "缴费档次"),
    ({"policy": "lhasa-2025", "tier": "high", "income": -3, "groups": ["low_income_alleviated"]}, ["body", "income"],
     "负数"),
])
def test_bad_premium_input_is_422_with_field_and_catalogue_message(client, body, loc, words):
    d = refused(client, "/v1/premium", body)
    assert d["loc"] == loc and words in d["msg"], d


def test_english_messages_with_accept_language_en(client):
    d = refused(client, "/v1/premium", {"policy": "lhasa-2025", "tier": "high", "age": "forty"},
                headers={"Accept-Language": "en-US,en;q=0.9"})
    assert d["msg"] == "age: 'forty' is not a whole number (allowed: a whole number from 0 to 150)"


def test_not_json_and_not_an_object_are_422(client):
    assert refused(client, "/v1/premium", b"[1,")["type"] == "api.not_json"
    assert refused(client, "/v1/premium", b'{"policy": NaN}')["type"] == "api.not_json"
    assert refused(client, "/v1/premium", b'{"policy": "a", "policy": "b"}')["type"] == "api.not_json"
    assert refused(client, "/v1/premium", b"[]")["loc"] == ["body"]


def test_body_over_the_limit_is_413(client):
    assert refused(client, "/v1/premium", b'{"policy": "' + b"x" * 300_000 + b'"}', status=413)["type"] == \
        "api.too_large"


def test_more_claims_than_allowed_are_refused_before_any_work(client):
    claim = {"date": "2024-03-01", "kind": "inpatient", "cost": 1, "level": 3}
    raw = json.dumps({"policy": "xizang-2024", "tier": "high", "claims": [claim] * (MAX_CLAIMS + 1)}).encode()
    with TestClient(create_app(Limits(body_bytes=len(raw) + 1))) as big:
        d = refused(big, "/v1/settle", raw)
    assert d["loc"] == ["body", "claims"] and str(MAX_CLAIMS) in d["msg"]


def test_time_bound_answers_503_not_500():
    with TestClient(create_app(Limits(seconds=0.000001))) as slow:
        res = slow.post("/v1/compare", json={"tier": "low"})
    assert res.status_code == 503 and res.json()["detail"][0]["type"] == "api.timeout"


def test_no_trace_or_path_in_any_refusal(client):
    for body in ({"policy": "../../etc/passwd", "tier": "high"}, {"policy": "lhasa-2025", "tier": "x" * 199}):
        text = client.post("/v1/premium", json=body).text
        assert "Traceback" not in text and "/work" not in text and ".py" not in text


def test_health_and_unknown_route(client):
    assert client.get("/health").json()["status"] == "ok"
    res = client.get("/v2/premium")
    assert res.status_code == 404 and res.json()["detail"][0]["msg"].startswith("没有这个地址")


def test_openapi_describes_every_endpoint_in_chinese_with_examples(client):
    doc = client.get("/openapi.json").json()
    posts = [p for p, ops in doc["paths"].items() if "post" in ops]
    assert sorted(posts) == sorted(f"/v1/{n}" for n in ("premium", "coverage", "flexible", "maternity", "settle",
                                                          "incentive", "tiers", "diff", "compare", "budget"))
    for p in posts:
        op = doc["paths"][p]["post"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"])
        assert op["requestBody"]["content"]["application/json"]["example"]
    assert doc["components"]["schemas"]["PremiumRequest"]["properties"]["birth_date"]["description"]


def test_docs_page_and_its_assets_are_served_locally(client):
    page = client.get("/docs").text
    assert "/docs/static/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/docs/static/swagger-ui-bundle.js").status_code == 200

"""The web app in a real browser: Voilà serves ``app/`` on 127.0.0.1, headless Chromium drives each page.

For each calculator page: change the inputs a person would (policy, group, payment date, hospital
cost ...), check the result shown, type a bad entry and check the message shown beside that field,
and save a screenshot into ``test-artifacts/`` (``YIBAO_TEST_ARTIFACTS`` to change it). Every
request to anything but this machine is refused and fails the test (the app works offline).

Needs Debian's Chromium (``make chromium``: ``apt-get install chromium``; Playwright cannot download
its own browsers here) and the ``web`` extra (voila, playwright). A missing piece FAILS these tests
with a message saying what to install: CI installs them, so a skip would hide a broken set-up.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from html import unescape

import pytest

from app_fixtures import ARTIFACTS, chromium, running_app

#: Loading a page starts a kernel and runs the notebook; one interaction is a kernel round trip.
LOAD_MS = 60_000
STEP_MS = 20_000
LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")


@pytest.fixture(scope="module")
def server():
    """``yibao app --port P`` (Voilà on 127.0.0.1) as a user starts it: the URL it prints."""
    with running_app() as app:
        printed = app.log()
        assert f"网页计算器 / web app: {app.base}/voila/render/index.ipynb" in printed, printed[:500]
        yield app.base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server, request):
    """A fresh page; requests off this machine are refused and recorded; screenshots at the end, at the
    desktop size and at a 390 px wide phone's (``NAME-phone.png``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="zh-CN")
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not LOCAL.match(url) and not url.startswith(("data:", "blob:")), refuse)
    pg = context.new_page()
    pg.set_default_timeout(STEP_MS)
    pg.base = server  # type: ignore[attr-defined]
    yield pg
    try:
        whole_page(pg, ARTIFACTS / f"{request.node.name}.png", 1280)
        whole_page(pg, ARTIFACTS / f"{request.node.name}-phone.png", 390)
    finally:
        context.close()
    assert not outside, f"the page asked for something off this machine: {outside}"


def whole_page(pg, path, width: int) -> None:
    """A screenshot of the whole page at ``width``: Voilà's page scrolls inside ``#rendered_cells``, so
    a "full page" screenshot stops at the window; the window is made as tall as the content instead."""
    pg.set_viewport_size({"width": width, "height": 900})
    height = pg.evaluate("Math.max(document.documentElement.scrollHeight, "
                         "document.getElementById('rendered_cells')?.scrollHeight ?? 0)")
    pg.set_viewport_size({"width": width, "height": max(900, min(height, 12_000))})
    pg.screenshot(path=str(path))


# ---------------------------------------------------------------- helpers


def open_page(pg, name: str):
    pg.goto(f"{pg.base}/voila/render/{name}.ipynb", timeout=LOAD_MS)
    pg.locator(".yibao-result").first.wait_for(timeout=LOAD_MS)
    return pg


def row(pg, label: str):
    """The row of one input: the widget labelled exactly ``label``, and the error beside it."""
    return pg.locator(".widget-hbox").filter(
        has=pg.locator("label.widget-label").get_by_text(label, exact=True))


def error_beside(pg, label: str):
    return row(pg, label).locator(".widget-html")


def result(pg):
    return pg.locator(".yibao-result").first


def type_into(pg, label: str, text: str) -> None:
    box = row(pg, label).locator("input")
    box.fill(text)
    box.press("Enter")  # continuous_update=False: the value is sent on Enter


def choose(pg, label: str, starts_with: str) -> None:
    """Pick the option of a dropdown whose text starts with ``starts_with`` (policies: their id)."""
    select = row(pg, label).locator("select")
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    match = [v for v in values if v.replace("\xa0", " ").startswith(starts_with)]
    assert match, f"no option starting with {starts_with!r} in {label}: {values}"
    select.select_option(value=match[0])


def expect():
    from playwright.sync_api import expect as e

    return e


# ---------------------------------------------------------------- the pages


def test_index_links_every_calculator(server):
    """The landing page (markdown only: Voilà renders it on the server, no browser needed)."""
    with urllib.request.urlopen(f"{server}/voila/render/index.ipynb", timeout=60) as r:
        html = unescape(r.read().decode("utf-8"))
    assert "城乡居民医保计算器" in html
    for name in ("premium", "coverage", "hospital", "flexible", "maternity", "stop", "incentive", "sharing",
                 "enrolment", "compare"):
        assert f'href="{name}.ipynb"' in html, name
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_premium_page(page):
    open_page(page, "premium")
    e = expect()
    e(result(page)).to_contain_text("个人缴费 400.00 元")
    row(page, "人群(可多选)").locator("select").select_option(value=["低保对象"])
    e(result(page)).to_contain_text("个人缴费 40.00 元")
    e(result(page)).to_contain_text("360.00")
    type_into(page, "年收入(元)", "abc")
    e(error_beside(page, "年收入(元)")).to_contain_text("“abc” 不是数字")
    e(page.get_by_text("输入有误:下面仍是上一次有效的结果")).to_be_visible()
    e(result(page)).to_contain_text("个人缴费 40.00 元")


def test_coverage_page(page):
    open_page(page, "coverage")
    e = expect()
    choose(page, "政策", "xining-2025")
    type_into(page, "缴费日期", "2025-04-01")
    e(result(page)).to_contain_text("2025-04-01 缴费:2025-05-31 起享受待遇")
    type_into(page, "缴费日期", "2025-13-01")
    e(error_beside(page, "缴费日期")).to_contain_text("不是真实存在的日期")
    e(result(page)).to_contain_text("2025-05-31 起享受待遇")


def test_hospital_page(page):
    open_page(page, "hospital")
    e = expect()
    choose(page, "政策", "xizang-2024")
    choose(page, "待遇档次", "高档")
    choose(page, "医院级别", "三级医院")
    type_into(page, "每次住院合规费用(元)", "10000")
    e(result(page)).to_contain_text("基本医保支付8160.00元")
    e(result(page)).to_contain_text("个人负担1840.00元")
    type_into(page, "每次住院合规费用(元)", "abc")
    e(error_beside(page, "每次住院合规费用(元)")).to_contain_text("“abc” 不是数字")
    e(result(page)).to_contain_text("基本医保支付8160.00元")


def test_flexible_page(page):
    open_page(page, "flexible")
    e = expect()
    e(result(page)).to_contain_text("每月 971.19 元")
    type_into(page, "上年度社平工资(月,元)", "abc")
    e(error_beside(page, "上年度社平工资(月,元)")).to_contain_text("“abc” 不是数字")
    e(result(page)).to_contain_text("每月 971.19 元")


def test_maternity_page(page):
    open_page(page, "maternity")
    e = expect()
    choose(page, "分娩方式", "剖宫产")
    type_into(page, "婴儿数", "2")
    e(result(page)).to_contain_text("生育医疗费用包干 9200.00 元")
    type_into(page, "存活4个月以上婴儿数", "x")
    e(error_beside(page, "存活4个月以上婴儿数")).to_contain_text("“x” 不是整数")
    e(result(page)).to_contain_text("生育医疗费用包干 9200.00 元")


@pytest.mark.parametrize("name, shown", [
    ("stop", "职工医保 2024-07-01 起停保"),
    ("incentive", "最高支付限额:149000.00元"),
    ("sharing", "授权人账户支付 500.00 元"),
    ("enrolment", "可以参加本地居民医保"),
    ("compare", "380.00"),
], ids=["stop", "incentive", "sharing", "enrolment", "compare"])
def test_the_other_pages_open_with_a_result(page, name, shown):
    open_page(page, name)
    expect()(result(page)).to_contain_text(shown)


def test_sharing_page_bad_entry_beside_the_field(page):
    open_page(page, "sharing")
    e = expect()
    type_into(page, "亲属的费用(元)", "abc")
    e(error_beside(page, "亲属的费用(元)")).to_contain_text("“abc” 不是数字")
    e(result(page)).to_contain_text("授权人账户支付 500.00 元")


def test_yibao_app_refuses_a_bad_port(cli):
    code, out, err = cli("app", "--port", "70000")
    assert code == 2 and "--port" in err and "1 to 65535" in err
    code, out, err = cli("app", "--port", "x")
    assert code == 2 and "--port" in err


def test_chinese_font_for_the_pages():
    """Chinese renders as boxes in screenshots without a CJK font (make fonts installs one)."""
    if shutil.which("fc-list") is None:
        pytest.fail("fc-list not found (fontconfig): run `make fonts chromium`", pytrace=False)
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert out.strip(), "no font with Chinese glyphs: run `make fonts` (fonts-wqy-microhei)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))

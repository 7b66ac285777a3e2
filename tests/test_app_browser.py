"""The web app in a real browser: Voilà serves ``app/`` on 127.0.0.1, headless Chromium drives each page,
once at a desktop's size (1280 × 900) and once at a phone's (390 × 844, touch).

For each calculator page: the result a person's inputs give (policy, group, payment date, hospital
cost ...); a bad entry, whose message shows beside its field with the field marked ``aria-invalid``
and tied to the message (``aria-describedby``) while the last good result stays; and what every page
must be (:func:`check_page`): Chinese (``lang="zh-CN"``, a Chinese title), one ``<h1>``, the result in
an ``aria-live`` region, every field labelled, nothing wider than the window, images with alt text,
no Ctrl-click lists, and no developer codes (policy ids, ``high档``, assumption ids, rule IDs left
unexplained). A screenshot of each test's page goes into ``test-artifacts/`` (``YIBAO_TEST_ARTIFACTS`` to change it):
``test_NAME[desktop].png`` and ``test_NAME[phone].png``. Every request to anything but this machine is
refused and fails the test (the app works offline).

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
from app_fixtures import ARTIFACTS, HTTP_S, LOAD_MS, STEP_MS, chromium, running_app
from reader_text import problems

from yibao.skins.commands.app import PAGES

LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
#: Text a person must never read on a page: policy ids, tier codes, assumption ids (snake_case ids).
DEVELOPER_CODES = {
    "policy id": re.compile(r"\b(lhasa|xizang|yuncheng|xining|national)-20\d\d\b"),
    "tier code": re.compile(r"(high|low|standard)档"),
    "identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
}
RULE_ID = re.compile(r"(?<![A-Za-z0-9])[LTFXYC]\d{1,2}(?![0-9])")
RULES_EXPLAINED = "规则编号"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
BAD_MESSAGE = re.compile(r"⚠\s*\S")


@pytest.fixture(scope="module")
def server():
    """``yibao app --port P`` (Voilà on 127.0.0.1) as a user starts it: the URL it prints."""
    with running_app(ready=len(PAGES)) as app:
        printed = app.log()
        assert f"网页计算器 / web app: {app.base}/voila/render/index.ipynb" in printed, printed[:500]
        yield app.base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(browser, server, request):
    """A fresh page at a desktop's or a phone's size; requests off this machine are refused and
    recorded; a screenshot of the whole page at the end (``test-artifacts/TEST[desktop|phone].png``)."""
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[request.param])
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not LOCAL.match(url) and not url.startswith(("data:", "blob:")), refuse)
    pg = context.new_page()
    pg.set_default_timeout(STEP_MS)
    pg.base = server  # type: ignore[attr-defined]
    pg.width = VIEWPORTS[request.param]["viewport"]["width"]  # type: ignore[attr-defined]
    pg.kind = request.param  # type: ignore[attr-defined]
    yield pg
    try:
        whole_page(pg, ARTIFACTS / f"{request.node.name}.png", pg.width)  # type: ignore[attr-defined]
    finally:
        context.close()
    assert not outside, f"the page asked for something off this machine: {outside}"


def whole_page(pg, path, width: int) -> None:
    """A screenshot of the whole page at ``width``: Voilà's page scrolls inside ``#rendered_cells``, so
    a "full page" screenshot stops at the window; the window is made as tall as the content instead."""
    height = pg.evaluate("Math.max(document.documentElement.scrollHeight, "
                         "document.getElementById('rendered_cells')?.scrollHeight ?? 0)")
    pg.set_viewport_size({"width": width, "height": max(844, min(height, 12_000))})
    pg.screenshot(path=str(path))


# ---------------------------------------------------------------- helpers


#: The first page that never showed a result in this run: later pages fail at once instead of each
#: waiting out the generous limit (a broken page would otherwise cost minutes per test).
_NEVER_LOADED: list[str] = []


def open_page(pg, name: str):
    if _NEVER_LOADED:
        pytest.fail(f"not tried: {_NEVER_LOADED[0]} showed no result within {LOAD_MS // 1000} s "
                    "(see test-artifacts/yibao-app.log)", pytrace=False)
    try:
        pg.goto(f"{pg.base}/voila/render/{name}.ipynb", timeout=LOAD_MS)
        pg.locator(".yibao-result").first.wait_for(timeout=LOAD_MS)
    except Exception:
        _NEVER_LOADED.append(name)
        raise
    check_page(pg)
    return pg


def check_page(pg) -> None:
    """What every calculator page must be, at the page's size (see the module's docstring)."""
    e = expect()
    e(pg.locator("html")).to_have_attribute("lang", "zh-CN")
    title = pg.title()
    assert CHINESE.search(title) and not re.search(r"\.ipynb|^[a-z_]+$", title), title
    assert pg.locator("h1").count() == 1, [pg.locator("h1").all_inner_texts()]
    e(pg.locator(".yibao-output[aria-live='polite'] .yibao-result")).to_have_count(1)
    assert pg.locator("img:not([alt])").count() == 0
    assert pg.locator("select[multiple]").count() == 0, "a Ctrl-click list: groups are checkboxes"
    unlabelled = pg.evaluate("""() => [...document.querySelectorAll(
        '.yibao-calculator input, .yibao-calculator select, .yibao-calculator textarea')]
        .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))
        .map(c => c.outerHTML.slice(0, 80))""")
    assert not unlabelled, f"fields without a label: {unlabelled}"
    width = pg.evaluate("document.scrollingElement.scrollWidth")
    assert width <= pg.width, f"the page is {width} px wide in a {pg.width} px window"
    no_developer_codes(pg)
    reads_one_way(pg)


def page_text(pg) -> str:
    """All a person can read: the page's text, the result's folded parts, every option of every list."""
    return pg.evaluate("""() => [document.body.innerText,
        ...[...document.querySelectorAll('.yibao-output')].map(e => e.textContent),
        ...[...document.querySelectorAll('option')].map(o => o.textContent)].join('\\n')""")


def no_developer_codes(pg) -> None:
    text = page_text(pg)
    for what, pattern in DEVELOPER_CODES.items():
        found = sorted({m.group(0) for m in pattern.finditer(text)})
        assert not found, f"{what} on the page: {found}"
    if RULE_ID.search(text):
        assert RULES_EXPLAINED in text and "如 T17" in text, "rule IDs on the page, never explained"


def reads_one_way(pg) -> None:
    """No internal key or id, and money, dates and hospital levels written the one way (``1,234.56 元``,
    ``2025年8月10日``, ``三级医院``; an article's quoted clause keeps its own figures): :mod:`reader_text`."""
    found = problems(page_text(pg))
    assert not found, f"{len(found)} problem(s) on the page: {found[:20]}"


def row(pg, label: str):
    """The row of one input: the widget labelled exactly ``label``, and the message beside it."""
    return pg.locator(".yibao-field").filter(
        has=pg.locator("label.widget-label, .yibao-legend").get_by_text(label, exact=True))


def error_beside(pg, label: str):
    return row(pg, label).locator(".yibao-error")


def result(pg):
    return pg.locator(".yibao-result").first


def type_into(pg, label: str, text: str) -> None:
    box = row(pg, label).locator("input")
    box.fill(text)
    box.press("Enter")  # continuous_update=False: the value is sent on Enter


def choose(pg, label: str, starts_with: str) -> None:
    """Pick the option of a dropdown whose text starts with ``starts_with``."""
    select = row(pg, label).locator("select")
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    match = [v for v in values if v.replace("\xa0", " ").startswith(starts_with)]
    assert match, f"no option starting with {starts_with!r} in {label}: {values}"
    select.select_option(value=match[0])


def tick(pg, group: str, option: str) -> None:
    """Tick ``option`` of the multiple choice ``group``, opening its folded section first (its title is
    the group's label and what is ticked: "人群(可多选):未选")."""
    header = pg.get_by_role("button", name=re.compile("^" + re.escape(group) + ":"))
    if header.count() and header.get_attribute("aria-expanded") == "false":
        header.click()
        expect()(header).to_have_attribute("aria-expanded", "true")
    row(pg, group).get_by_role("checkbox", name=option, exact=True).check()


def open_section(pg, title: str) -> None:
    """Open a folded section from the keyboard, as its button: Enter on the focused header."""
    header = pg.get_by_role("button", name=title, exact=True)
    expect()(header).to_have_attribute("aria-expanded", "false")
    header.focus()
    header.press("Enter")
    expect()(header).to_have_attribute("aria-expanded", "true")


def bad_entry(pg, label: str, text: str, kept: str, message: re.Pattern[str] | str | None = None) -> None:
    """``text`` typed into ``label``: its message beside it, the input ``aria-invalid`` and described by
    that message, the last good result (``kept``) still shown and said to be the last good one."""
    e = expect()
    type_into(pg, label, text)
    beside = error_beside(pg, label)
    e(beside).to_contain_text(BAD_MESSAGE)
    if message is not None:
        e(beside).to_contain_text(message)
    e(beside).to_be_visible()
    box = row(pg, label).locator("input, select, textarea").first
    e(box).to_have_attribute("aria-invalid", "true")
    described = box.get_attribute("aria-describedby") or ""
    assert described, "the field is not tied to its message"
    said = " ".join(pg.locator(f"[id='{i}']").inner_text() for i in described.split())
    assert said.strip() == beside.inner_text().strip()
    bounds, window = beside.bounding_box(), pg.viewport_size
    assert bounds and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= window["width"] + 1, \
        f"the message runs off the screen: {bounds}"
    e(pg.get_by_text("输入有误:下面仍是上一次有效的结果")).to_be_visible()
    e(result(pg)).to_contain_text(kept)
    assert pg.locator("[aria-invalid='true']").count() >= 1
    check_page(pg)


def good_again(pg, label: str, text: str, shown: str) -> None:
    """A good value after a bad one: the message and ``aria-invalid`` go, the new result shows."""
    e = expect()
    type_into(pg, label, text)
    e(result(pg)).to_contain_text(shown)
    e(row(pg, label).locator("input").first).not_to_have_attribute("aria-invalid", "true")
    e(error_beside(pg, label)).to_have_text("")


def expect():
    from playwright.sync_api import expect as e

    return e


#: "'abc' is not a number" today, "请填写数字…" once the message catalogue lands: either names the problem.
NOT_A_NUMBER = re.compile(r"abc|数字|number")


# ---------------------------------------------------------------- the pages


def test_index_links_every_calculator(server):
    """The landing page (markdown only: Voilà renders it on the server, no browser needed)."""
    with urllib.request.urlopen(f"{server}/voila/render/index.ipynb", timeout=HTTP_S) as r:
        html = unescape(r.read().decode("utf-8"))
    assert "城乡居民医保计算器" in html
    for name in ("premium", "coverage", "hospital", "flexible", "maternity", "stop", "incentive", "sharing",
                 "enrolment", "compare", "tiers", "reform"):
        assert f'href="{name}.ipynb"' in html, name
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert '<html lang="zh-CN">' in html and "<title>城乡居民医保计算器</title>" in html
    body = re.search(r"<body\b.*</body>", html, re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", body.group(0) if body else html, flags=re.S)
    assert not problems(text), problems(text)


@pytest.mark.parametrize("name", ["premium", "coverage", "hospital", "compare", "tiers"])
def test_the_result_is_on_the_first_screen_or_one_tap_away(page, name):
    """Issue 20: the result's first line is on the first screen, or (on a phone, where the fields fill
    it) one tap on "↓ 看结果" brings it to the top; the groups are folded either way."""
    open_page(page, name)
    headline = page.locator(".yibao-output").first
    window = page.viewport_size["height"]
    on_screen = headline.bounding_box()["y"] + 40 <= window
    if page.kind == "desktop":
        assert on_screen, f"{name}: the result starts at {headline.bounding_box()['y']:.0f} px"
        expect()(page.locator(".yibao-jump-link")).to_be_hidden()
    elif not on_screen:
        page.get_by_text("↓ 看结果", exact=True).click()
        expect()(headline).to_be_in_viewport()
    expect()(page.locator(".yibao-section .yibao-checks").first).to_be_hidden()


def test_the_page_scan_finds_a_planted_key_and_misformatted_amount(page):
    """The check every page test runs (:func:`reads_one_way`) finds what it is for, at both widths."""
    open_page(page, "premium")
    page.evaluate("""() => { const p = document.createElement('p');
        p.textContent = '依据 coverage.windows[l1_concentrated],个人缴 12000元,2025-08-10,3级医院';
        document.querySelector('.yibao-output').appendChild(p); }""")
    with pytest.raises(AssertionError) as caught:
        reads_one_way(page)
    for leak in ("coverage.windows[l1_concentrated]", "12000元", "2025-08-10", "3级医院"):
        assert leak in str(caught.value), (leak, str(caught.value))


def test_premium_page(page):
    open_page(page, "premium")
    e = expect()
    e(result(page)).to_contain_text("个人缴费 400.00 元")
    # the 31 groups are folded: on a phone the result is on the first screen (issue 20)
    e(page.get_by_role("button", name="人群(可多选):未选", exact=True)).to_have_attribute("aria-expanded", "false")
    tick(page, "人群(可多选)", "低保对象")  # lhasa-2025 低保对象: 400 × 10% = 40 paid, 360 by assistance (L5)
    e(result(page)).to_contain_text("个人缴费 40.00 元")
    e(page.get_by_role("button", name="人群(可多选):已选 1 项", exact=True)).to_be_visible()
    e(result(page)).to_contain_text("360.00")
    bad_entry(page, "年收入(元)", "abc", "个人缴费 40.00 元", NOT_A_NUMBER)
    good_again(page, "年收入(元)", "", "个人缴费 40.00 元")


def test_tiers_page(page):
    open_page(page, "tiers")
    e = expect()
    # lhasa-2025: the high tier costs 400 − 220 = 180 yuan more (L3); one stay at a 三级 hospital above the
    # 400 deductible is paid 85% or 60% (T7), so 25% × (c − 400) reaches 180 at c = 1,120; to the fen each
    # tier's share is rounded: at 1,119.99, 611.99 − 431.99 = 180.00 already
    e(result(page)).to_contain_text("1,119.99")
    bad_entry(page, "预计全年这类费用(元)", "abc", "1,119.99", NOT_A_NUMBER)
    good_again(page, "预计全年这类费用(元)", "", "1,119.99")


def test_reform_page(page):
    open_page(page, "reform")
    e = expect()
    # xizang-2024, high tier, 三级 hospital, 50,000: basic (50,000 − 400) × 85% = 42,160 (T7), catastrophic
    # (7,840 − 5,000) × 70% = 1,988 (T9); the sliders start at 0 (the policy as written)
    e(result(page)).to_contain_text("42,160.00")
    e(result(page)).to_contain_text("移动下面的滑块")
    bad_entry(page, "一次住院合规费用(元)", "abc", "42,160.00", NOT_A_NUMBER)
    good_again(page, "一次住院合规费用(元)", "50000", "42,160.00")


def test_coverage_page(page):
    open_page(page, "coverage")
    e = expect()
    choose(page, "政策", "西宁市 2025")
    type_into(page, "缴费日期", "2025-04-01")
    e(result(page)).to_contain_text("2025年4月1日缴费:2025年5月31日起享受待遇")  # X4: 60 days after 1 April
    bad_entry(page, "缴费日期", "2025-13-01", "2025年5月31日起享受待遇")


def test_hospital_page(page):
    open_page(page, "hospital")
    e = expect()
    if page.kind == "desktop":  # the result at a glance: its headline inside the 1280 × 900 window
        box = page.locator(".yibao-headline").bounding_box()
        assert box and box["y"] + box["height"] <= 900, f"the result starts below the window: {box}"
    for folded in ("普通门诊费用(元)", "职工医保门诊费用(元)", "门诊统筹费用(元,一次)", "每次住院中民族药“乙类”(元)"):
        e(row(page, folded)).to_be_hidden()  # folded away until its section is opened
    choose(page, "政策", "西藏自治区 2024")
    choose(page, "待遇档次", "高档")
    choose(page, "医院级别", "三级医院")
    type_into(page, "每次住院合规费用(元)", "10000")
    # T7: (10000 − 400 起付线) × 85% = 8160 by basic insurance; the person 400 + 9600 × 15% = 1840
    e(result(page)).to_contain_text("基本医保支付8,160.00 元")
    e(result(page)).to_contain_text("个人负担1,840.00 元")
    bad_entry(page, "每次住院合规费用(元)", "abc", "基本医保支付8,160.00 元", NOT_A_NUMBER)
    good_again(page, "每次住院合规费用(元)", "10000", "基本医保支付8,160.00 元")
    # 99 admissions are refused, never cut to the page's 50 in silence
    bad_entry(page, "住院次数", "99", "基本医保支付8,160.00 元", "50")
    e(row(page, "住院次数").locator("input")).to_have_value("99")
    good_again(page, "住院次数", "1", "基本医保支付8,160.00 元")
    open_section(page, "门诊费用和住院分娩")
    e(row(page, "普通门诊费用(元)")).to_be_visible()
    bad_entry(page, "普通门诊费用(元)", "abc", "基本医保支付8,160.00 元", NOT_A_NUMBER)


def test_flexible_page(page):
    open_page(page, "flexible")
    e = expect()
    e(result(page)).to_contain_text("每月 971.19 元")
    bad_entry(page, "上年度社平工资(月,元)", "abc", "每月 971.19 元", NOT_A_NUMBER)


def test_maternity_page(page):
    open_page(page, "maternity")
    e = expect()
    choose(page, "分娩方式", "剖宫产")
    type_into(page, "婴儿数", "2")
    e(result(page)).to_contain_text("生育医疗费用包干 9,200.00 元")
    bad_entry(page, "存活4个月以上婴儿数", "x", "生育医疗费用包干 9,200.00 元", re.compile(r"x|整数|whole|allowed"))
    good_again(page, "存活4个月以上婴儿数", "", "生育医疗费用包干 9,200.00 元")
    bad_entry(page, "婴儿数", "1.5", "生育医疗费用包干 9,200.00 元")  # refused as typed, never read as 15
    expect()(row(page, "婴儿数").locator("input")).to_have_value("1.5")


def test_sharing_page(page):
    open_page(page, "sharing")
    expect()(result(page)).to_contain_text("授权人账户支付 500.00 元")
    bad_entry(page, "亲属的费用(元)", "abc", "授权人账户支付 500.00 元", NOT_A_NUMBER)


def test_stop_page(page):
    open_page(page, "stop")
    expect()(result(page)).to_contain_text("职工医保2024年7月1日起停保")  # F2: the month after
    bad_entry(page, "解除劳动关系日期", "2024-02-30", "职工医保2024年7月1日起停保")


def test_incentive_page(page):
    open_page(page, "incentive")
    expect()(result(page)).to_contain_text("最高支付限额:149,000.00 元")
    box = row(page, "参保记录").locator("textarea")
    box.fill("2025,是,否,否\n2026,也许,否,否")
    box.blur()  # a text area sends its value when it loses focus
    beside = error_beside(page, "参保记录")
    expect()(beside).to_contain_text(BAD_MESSAGE)
    expect()(box).to_have_attribute("aria-invalid", "true")
    expect()(result(page)).to_contain_text("最高支付限额:149,000.00 元")
    check_page(page)


def test_enrolment_page(page):
    open_page(page, "enrolment")
    e = expect()
    e(result(page)).to_contain_text("可以参加本地居民医保")
    page.get_by_role("checkbox", name="已参加职工医保", exact=True).check()
    e(result(page)).not_to_contain_text("可以参加本地居民医保")
    check_page(page)


def test_compare_page(page):
    open_page(page, "compare")
    e = expect()
    e(result(page)).to_contain_text("380.00")
    tick(page, "人群(可多选)", "低保对象")
    e(result(page)).to_contain_text("40.00")  # lhasa-2025 high tier 400 × 10%
    bad_entry(page, "年收入(元)", "abc", "40.00", NOT_A_NUMBER)


def test_yibao_app_refuses_a_bad_port(cli):
    code, out, err = cli("app", "--port", "70000")
    assert code == 2 and "--port" in err and "1024 to 65535" in err
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

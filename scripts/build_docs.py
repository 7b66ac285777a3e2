"""Generate the docs pages that come from the code and the data, then (as a script) build the site.

``docs/conf.py`` calls :func:`generate` before Sphinx reads anything, so ``sphinx-build`` alone is
enough; ``python scripts/build_docs.py [OUTDIR]`` does the same as ``make docs``.

Generated into ``docs/_generated/`` (not committed):

- ``policies/<id>.md``: every value of a policy (after inheritance) with its unit, the article it
  comes from, the clause quoted verbatim, its rule IDs, the dates it is in force and the file that
  states it;
- ``assumptions.md``: every named assumption (title, clause, reading, alternatives, why, policies);
- ``cli.md``: ``yibao SUBCOMMAND --help`` for every subcommand;
- ``api.md``: autodoc of every module of the package;
- ``notebooks/*.ipynb``: the executed explainer notebooks (copied from ``notebooks/``; Sphinx reads
  only inside ``docs/``) with their outputs, not re-executed, each with a box after its title linking
  the same calculators in the web app and the notebook's download;
- ``toc.md.txt``: the toctrees of ``index.md`` (the book's parts), naming only the pages that exist.
"""

from __future__ import annotations

import argparse
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GENERATED = DOCS / "_generated"
NOTEBOOKS = ROOT / "notebooks"

if str(ROOT) not in sys.path:  # pragma: no cover - when run as a script without an install
    sys.path.insert(0, str(ROOT))

APP = ROOT / "app"

#: The reference part of the book, in this order (pages that do not exist yet are left out); any other
#: hand-written ``docs/*.md`` follows them, so a new page is in the site without editing this list.
REFERENCE = ["_generated/policies/index", "_generated/assumptions", "rules", "_generated/notebooks/population",
             "population", "whatif", "app", "_generated/cli", "web-api", "api", "_generated/api", "claims-file",
             "bad-input"]
#: Hand-written pages outside the reference part.
OWN = ["index", "about"]

UNIT_ZH = {"yuan": "元", "days": "天", "months": "个月", "years": "年", "count": "", "age": "周岁", "date": ""}
#: The sections of a policy (the model's top-level fields) as the policy pages title them.
SECTION_ZH = {"premium": "个人缴费与资助", "coverage": "待遇享受时间", "waiting": "待遇等待期", "basic": "基本医保待遇",
              "catastrophic": "大病保险", "assistance": "医疗救助", "incentives": "参保激励",
              "flexible": "灵活就业人员的职工医保", "maternity": "职工生育待遇", "account_sharing": "个人账户家庭共济",
              "enrolment": "参保范围", "groups": "人群之间的关系", "funding_notice": "国家筹资通知",
              "facts": "其他数字", "texts": "其他规定"}
PROVENANCE = {"source", "quote", "rules", "in_force", "assumptions", "note", "path", "derived"}


# ---------------------------------------------------------------- helpers


def _write(path: Path, text: str) -> None:
    """Write only when the text changed, so Sphinx's incremental builds stay incremental."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _cell(text: Any) -> str:
    """Text safe inside a markdown table cell."""
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").replace("*", "\\*").strip()


def _scalar(v: Any) -> str:
    from enum import Enum

    if isinstance(v, Enum):
        return str(v.value)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return "、".join(_scalar(i) for i in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}={_scalar(i)}" for k, i in v.items())
    from pydantic import BaseModel

    if isinstance(v, BaseModel):
        return "(" + ", ".join(f"{k}={_scalar(getattr(v, k))}" for k in type(v).model_fields
                               if getattr(v, k) not in (None, (), [], {})) + ")"
    return str(v)


def _period(p: Any) -> str:
    if p is None:
        return ""
    return f"{p.start.isoformat()} 至 {p.to.isoformat() if p.to else '今'}"


def _is_cited(node: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(node, BaseModel) and {"source", "quote", "rules"} <= set(type(node).model_fields)


def _value(node: Any) -> str:
    """The value of a cited node: ``value unit`` for a parameter, else its own non-cited fields."""
    from yibao.policy.model import Param

    if isinstance(node, Param):
        if node.unit == "rate":
            pct = (node.value * 100).normalize()
            return f"{_scalar(node.value)}({format(pct, 'f')}%)"
        unit = UNIT_ZH.get(node.unit, node.unit)
        return f"{_scalar(node.value)} {unit}".strip()
    parts = []
    for name in type(node).model_fields:
        if name in PROVENANCE or name in ("id", "label"):
            continue
        v = getattr(node, name)
        if v in (None, (), [], {}) or _is_cited(v) or (isinstance(v, (list, tuple)) and v and _is_cited(v[0])):
            continue
        parts.append(f"{name}: {_scalar(v)}")
    return "<br>".join(_cell(p) for p in parts)


def cited_values(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(key path, node) for every cited node of a policy, in file order."""
    from pydantic import BaseModel

    if _is_cited(node):
        yield (getattr(node, "path", "") or path), node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in ("sources", "assumptions", "in_force") and path == "":
                continue
            yield from cited_values(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from cited_values(v, f"{path}.{k}")
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            yield from cited_values(v, f"{path}[{getattr(v, 'id', None) or i}]")


def public_policy_ids() -> list[str]:
    from yibao.policy import policy_ids

    return [p for p in policy_ids() if not p.startswith("_")]


def _files_of_quotes() -> dict[tuple[str, str], list[str]]:
    """(key path, quote) → the policy files that state it, before inheritance."""
    from yibao.policy.provenance import quotes

    out: dict[tuple[str, str], list[str]] = {}
    for q in quotes():
        out.setdefault((q.key_path, q.quote), []).append(q.file)
        out.setdefault(("", q.quote), []).append(q.file)
    return out


def _chain(policy_id: str) -> list[str]:
    """The policy and the files it extends, nearest first (shared parts such as ``_common`` included:
    they are files, not policies, so they are read, not loaded)."""
    from yibao.policy.loader import policies_dir, read_yaml

    raw = read_yaml(policies_dir() / f"{policy_id}.yaml")
    parents = raw.get("extends") or []
    out = [policy_id]
    for parent in [parents] if isinstance(parents, str) else parents:
        out += [c for c in _chain(parent) if c not in out]
    return out


# ---------------------------------------------------------------- pages


def policy_page(policy_id: str, files: dict[tuple[str, str], list[str]]) -> str:
    from yibao.policy import load_policy

    p = load_policy(policy_id)
    chain = [f"{c}.yaml" for c in _chain(policy_id)]
    lines = [
        f"# {p.id}:{p.title}", "",
        "| 项目 | 值 |", "| --- | --- |",
        f"| id | `{p.id}` |",
        f"| 地区 / jurisdiction | {_cell(p.jurisdiction)} |",
        f"| 年度 / year | {p.year} |",
        f"| 生效 / in force | {_period(p.in_force)} |",
        f"| 继承 / extends | {', '.join(_policy_link(e) for e in p.extends) or '—'} |",
        f"| 文件 / files | {', '.join(f'`policies/{c}`' for c in chain)} |",
        "",
        "这项政策(含继承来的取值,子文件的取值优先)的每个取值:出自哪篇文章、逐字引用的原文(由 "
        "`yibao.policy.provenance` 对照文章原文核对)、规则编号、生效日期和写明它的文件。",
        "",
    ]
    section = None
    for path, node in cited_values(p):
        top = path.split(".")[0].split("[")[0]
        if top != section:
            section = top
            lines += ["", f"## {SECTION_ZH.get(section, '政策数据')}({section})", "",
                      "| 数据键 | 取值 | 原文与出处 | 规则 · 生效日期 · 文件 · 假设 |",
                      "| --- | --- | --- | --- |"]
        src = p.sources.get(node.source)
        src_title = f"《{src.title}》" if src else node.source
        found = files.get((path, node.quote)) or files.get(("", node.quote)) or []
        in_chain = [f for f in found if f in chain] or found
        label = getattr(node, "label", None)
        key = f"`{path}`" + (f"<br>{_cell(label)}" if label else "")
        assumptions = ", ".join(f"[`{a}`](../assumptions.md#{_anchor(a)})" for a in getattr(node, "assumptions", ()))
        note = getattr(node, "note", None)
        extra = f"<br>注:{_cell(note)}" if note else ""
        meta = [f"**{', '.join(node.rules)}**", _period(node.in_force)]
        if in_chain:
            meta.append(f"`{in_chain[0]}`")
        if assumptions:
            meta.append("假设:" + assumptions)
        from yibao.policy.provenance import OUTSIDE_MARK

        clause = (f"({OUTSIDE_MARK}){_cell(node.quote)}" if src is not None and not src.file
                  else f"「{_cell(node.quote)}」")
        lines.append(f"| {key} | {_value(node)}{extra} | {clause}<br>— {_cell(src_title)} (`{node.source}`) | "
                     f"{'<br>'.join(meta)} |")
    if p.assumptions:
        lines += ["", "## 解读假设(assumptions)", "",
                  "这项政策用到的解读假设(全部假设见[解读假设](../assumptions.md)):", ""]
        for aid, a in p.assumptions.items():
            lines.append(f"- [`{aid}`](../assumptions.md#{_anchor(aid)}):{_cell(a.title)}")
    return "\n".join(lines) + "\n"


def _policy_link(policy_id: str, prefix: str = "") -> str:
    """A link to a policy's page; files starting with "_" (shared readings) have none."""
    return f"`{policy_id}`" if policy_id.startswith("_") else f"[{policy_id}]({prefix}{policy_id}.md)"


def _anchor(assumption_id: str) -> str:
    return "assumption-" + assumption_id.replace("_", "-").lower()


def policies_index(ids: list[str]) -> str:
    from yibao.policy import load_policy

    lines = ["# 政策数据", "",
             "`policies/` 里每个政策文件一页,由载入并校验后的模型(`yibao.policy.load_policy`)生成。", "",
             "| 政策 | 标题 | 年度 | 生效 | 继承 |", "| --- | --- | --- | --- | --- |"]
    for pid in ids:
        p = load_policy(pid)
        lines.append(f"| [{pid}]({pid}.md) | {_cell(p.title)} | {p.year} | {_period(p.in_force)} | "
                     f"{', '.join(p.extends) or '—'} |")
    lines += ["", "```{toctree}", ":hidden:", "", *ids, "```", ""]
    return "\n".join(lines)


def assumptions_page(ids: list[str]) -> str:
    """Every named assumption once (by id and content), with the policies that carry it."""
    from yibao.policy import load_sources

    seen, users = _assumptions_and_uses(ids)
    sources = load_sources()
    lines = ["# 解读假设", "",
             "文章没写或写得有歧义的地方,政策数据里记着一条有名字的解读假设:选定的读法、其他读法和理由。"
             "每个计算结果都列出它用到的假设。本页由 `policies/*.yaml` 生成。", "",
             f"共 {len(seen)} 条假设。", "",
             "| 编号 | 假设 | 规则 | 政策 |", "| --- | --- | --- | --- |"]
    for aid in sorted(seen):
        a = seen[aid][0][0]
        pols = sorted({p for _, ps in seen[aid] for p in ps})
        lines.append(f"| [`{aid}`](#{_anchor(aid)}) | {_cell(a.title)} | {', '.join(a.rules)} | {', '.join(pols)} |")
    for aid in sorted(seen):
        for n, (a, pols) in enumerate(seen[aid]):
            lines += _assumption_section(aid, n, a, pols, sources, users)
    return "\n".join(lines) + "\n"


def _assumptions_and_uses(ids: list[str]) -> tuple[dict[str, list[tuple[Any, list[str]]]], dict[str, set[str]]]:
    """Assumption id → each distinct text of it with the policies that state it; and assumption id →
    the values (``policy:key path``) that rest on it."""
    from yibao.policy import load_policy

    seen: dict[str, list[tuple[Any, list[str]]]] = {}
    users: dict[str, set[str]] = {}
    for pid in ids:
        p = load_policy(pid)
        for aid, a in p.assumptions.items():
            variants = seen.setdefault(aid, [])
            for existing, pols in variants:
                if existing == a:
                    pols.append(pid)
                    break
            else:
                variants.append((a, [pid]))
        for path, node in cited_values(p):
            for aid in getattr(node, "assumptions", ()):
                users.setdefault(aid, set()).add(f"{pid}:{path}")
        if p.premium and p.premium.aid_choice_assumption:
            users.setdefault(p.premium.aid_choice_assumption, set()).add(f"{pid}:premium.aid_choice_assumption")
        if p.waiting:
            for aid in p.waiting.assumptions:
                users.setdefault(aid, set()).add(f"{pid}:waiting")
    return seen, users


def _assumption_section(aid: str, n: int, a: Any, pols: list[str], sources: dict[str, Any],
                        users: dict[str, set[str]]) -> list[str]:
    """The lines of one text of an assumption (``n`` > 0: a policy restating it in its own words)."""
    src = sources.get(a.source) if a.source else None
    if n == 0:
        lines = ["", f"({_anchor(aid)})=", f"## {a.title}(`{aid}`)", ""]
    else:  # a policy restates the assumption with its own text
        lines = ["", f"### {'、'.join(pols)} 的表述(`{aid}`)", ""]
    if a.clause:
        where = f"《{src.title}》(`{a.source}`)" if src else (f"`{a.source}`" if a.source else "")
        lines += [f"**原文 / clause** {where}:", "", f"> {a.clause}", ""]
    lines += [f"**解读 / reading**:{a.reading}", "", "**其他读法 / alternatives**:", ""]
    lines += [f"- {alt}" for alt in a.alternatives]
    lines += ["", f"**理由 / why**:{a.why}", "", f"**规则 / rules**:{', '.join(a.rules)}", "",
              f"**政策 / policies**:{', '.join(_policy_link(p, 'policies/') for p in pols)}", ""]
    used = sorted(u for u in users.get(aid, ()) if u.split(":")[0] in pols)
    if used:
        shown = used[:12]
        more = f" … +{len(used) - 12}" if len(used) > 12 else ""
        lines += ["**用于 / used by**:" + ", ".join(f"`{u}`" for u in shown) + more, ""]
    return lines


def cli_page() -> str:
    from yibao.skins.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        helps = {a.dest: a.help for a in sub._choices_actions}
        lines = ["# 命令行(CLI)", "",
                 "`yibao` 用中文回答;`--json` 输出机器可读的结果(金额为两位小数的字符串)。输入有误时退出码为 2,"
                 "并用一行说明是哪个字段、可以填什么。本页由 argparse 解析器(`yibao.skins.cli.build_parser`)生成。", "",
                 "```text", parser.format_help().rstrip(), "```", ""]
        for name, p in sub.choices.items():
            title = (helps.get(name) or "").split(":")[0] or "子命令"
            lines += [f"## {title}(`yibao {name}`)", "", "```text", p.format_help().rstrip(), "```", ""]
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return "\n".join(lines)


def modules() -> list[tuple[str, bool]]:
    """(module name, whether it is a package) for every public module of yibao, by name."""
    import yibao

    out = [("yibao", True)]
    for m in pkgutil.walk_packages(yibao.__path__, "yibao."):
        if m.name.split(".")[-1].startswith("_"):
            continue
        out.append((m.name, m.ispkg))
    return sorted(out)


def api_page() -> str:
    lines = ["# Python 接口(API)", "",
             "给在代码里用 yibao 的分析人员和维护者:每个模块的函数和类,由包的文档字符串生成"
             "(`sphinx.ext.autodoc` 与 napoleon;文档字符串是英文)。金额是 `Decimal` 元,四舍五入到分;"
             "每个结果都能说明自己(`explain()`、`to_dict()`)。各层的依赖方向:政策 → 计算器与结算 → "
             "人群与政策模拟 → 界面(命令行、计算器、网页、接口)。", ""]
    for mod, is_package in modules():
        # A package's names are its modules' (re-exported): documented once, where they are defined.
        members = "   :no-members:" if is_package else "   :members:"
        kind = "包" if is_package else "模块"
        lines += [f"## {kind} `{mod}`", "", "```{eval-rst}", f".. automodule:: {mod}", members,
                  "   :show-inheritance:", "```", ""]
    return "\n".join(lines)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("交互计算器:在 JupyterLab(<code>make run</code>)或网页计算器(<code>make app</code>,"
               "<a href=\"../../app.html\">说明</a>)中使用。Interactive calculator: live in JupyterLab or the web app.")
#: A calculator of the package used in a notebook (``premium_calculator(...)``): the web app's page of that name.
CALCULATOR = re.compile(r"\b([a-z]+)_calculator\b")


def app_pages(nb: dict[str, Any]) -> list[str]:
    """The web app's pages (``app/NAME.ipynb``) of the calculators a notebook uses, in order of first use."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for name in CALCULATOR.findall("".join(cell.get("source", []))):
                if name not in found and (APP / f"{name}.ipynb").is_file():
                    found.append(name)
    return found


def chapter_tools(stem: str, apps: list[str]) -> dict[str, Any]:
    """The markdown cell put after a notebook's title: its calculators in the web app and its download.

    ``{app}`` is the role of ``docs/_ext/yibao_app_links.py``; the download is the notebook as stored in
    ``notebooks/`` (outputs included), which JupyterLab opens and runs as it is.
    """
    lines = [":::{admonition} 本章的计算器与笔记本", ":class: tip yibao-chapter-tools", ""]
    if apps:
        lines.append("- 在网页计算器里算自己的情况:" + " · ".join(f"{{app}}`{a}`" for a in apps)
                     + "(先在本机运行 `make app` 或 `yibao app`,见[网页计算器](../../app.md))")
    lines.append(f"- {{download}}`下载本章笔记本({stem}.ipynb) <../../../notebooks/{stem}.ipynb>`,"
                 "在 JupyterLab 里运行和修改(`make run`)")
    lines += [":::", ""]
    return {"cell_type": "markdown", "id": "yibao-chapter-tools", "metadata": {}, "source": "\n".join(lines)}


def site_notebook(stem: str, text: str) -> str:
    """A notebook as the site shows it: code folded, widget outputs replaced by a note saying where to use
    them (the docs load no widget JavaScript, and a widget's text form is its repr), and the chapter box
    after the title."""
    import json

    nb = json.loads(text)
    cells = nb.get("cells", [])
    for cell in cells:
        tags = cell.setdefault("metadata", {}).setdefault("tags", []) if cell.get("cell_type") == "code" else None
        if tags is not None and not {"remove-cell", "remove-input", "hide-input"} & set(tags):
            tags.append("hide-input")  # the code folded under its toggle: the reader sees the answer first
        for out in cell.get("outputs", []) or []:
            data = out.get("data") or {}
            if WIDGET_VIEW in data:
                out["data"] = {"text/html": f"<p class=\"yibao-widget-note\">{WIDGET_NOTE}</p>",
                               "text/plain": "(interactive calculator)"}
    title = next((i for i, c in enumerate(cells) if c.get("cell_type") == "markdown"
                  and re.search(r"^# ", "".join(c.get("source", [])), re.M)), -1)
    cells.insert(title + 1, chapter_tools(stem, app_pages(nb)))
    nb.get("metadata", {}).pop("widgets", None)
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def notebook_pages() -> list[str]:
    """Copy the executed notebooks beside the docs, as the site shows them; their names (no suffix):
    the index notebook (``00_index``) first, then the articles in their numbered order, then the rest."""
    target = GENERATED / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    names = sorted((p.name for p in NOTEBOOKS.glob("*.ipynb")),
                   key=lambda n: ("index" not in n, not n[:1].isdigit(), n)) if NOTEBOOKS.is_dir() else []
    for stale in target.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    for name in names:
        _write(target / name, site_notebook(name[:-6], (NOTEBOOKS / name).read_text(encoding="utf-8")))
    return [n[:-6] for n in names]


def _toctree(caption: str, entries: list[str], hidden: bool = False) -> list[str]:
    return ["```{toctree}", f":caption: {caption}", ":maxdepth: 1", *([":hidden:"] if hidden else []), "",
            *entries, "```", ""]


def toc(stems: list[str]) -> str:
    """The book's parts: reading the site, the articles as chapters, the reference. Only pages that exist.
    The first two are listed in the landing page's own words (hidden here, shown in the sidebar); the
    reference part is listed where the landing page includes this file."""
    chapters = [f"_generated/notebooks/{s}" for s in stems if s[:1].isdigit()]
    generated = {f"_generated/{p.relative_to(GENERATED).with_suffix('').as_posix()}"
                 for p in GENERATED.rglob("*") if p.suffix in (".md", ".ipynb")}
    written = {p.stem for p in DOCS.glob("*.md")}
    reference = [p for p in REFERENCE if p in generated or p in written]
    reference += sorted(p for p in written if p not in REFERENCE and p not in OWN)
    return "\n".join([
        *_toctree("阅读本站", [p for p in OWN[1:] if p in written], hidden=True),
        *_toctree("五篇文章", chapters, hidden=True),
        *_toctree("参考资料(给分析与维护人员)", reference),
    ])


def generate(out: Path = GENERATED) -> Path:
    """Write every generated page under ``out`` (``docs/_generated``)."""
    out.mkdir(parents=True, exist_ok=True)
    ids = public_policy_ids()
    files = _files_of_quotes()
    for pid in ids:
        _write(out / "policies" / f"{pid}.md", policy_page(pid, files))
    for stale in (out / "policies").glob("*.md"):
        if stale.stem not in ids and stale.stem != "index":
            stale.unlink()
    _write(out / "policies" / "index.md", policies_index(ids))
    _write(out / "assumptions.md", assumptions_page(ids))
    _write(out / "cli.md", cli_page())
    _write(out / "api.md", api_page())
    (out / "notebooks.md").unlink(missing_ok=True)  # the chapters are in the book's toctree now
    stems = notebook_pages()
    _write(out / "toc.md.txt", toc(stems))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the docs pages and build the site (sphinx-build -W).")
    ap.add_argument("outdir", nargs="?", default=str(DOCS / "_build" / "html"))
    ap.add_argument("--generate-only", action="store_true", help="only write docs/_generated/")
    args = ap.parse_args(argv)
    generate()
    if args.generate_only:
        return 0
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), args.outdir]
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())

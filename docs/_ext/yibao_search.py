"""Chinese search for the docs site: Sphinx's ``zh`` search with jieba, two fixes and the project's words.

- The index: Sphinx splits Chinese text with jieba's ``cut_for_search`` when jieba is installed (without
  it no Chinese word is indexed at all). ``zh-words.txt`` beside this file adds the insurance terms
  jieba's dictionary lacks (大病保险, 等待期, 断缴 …), so they are words of the index, not two halves.
- The stemmer: Sphinx 9.0's ``language_data.js`` ends with ``window.Stemmer = ChineseStemmer`` while it
  ships the English stemmer, so every search stops on a ReferenceError (sphinx-doc/sphinx#14229, fixed
  upstream after 9.0.4). The class name here makes that line name the stemmer that is there.
- The query: Sphinx's browser side splits a query at spaces and punctuation only, so 住院起付线 is looked
  up as one word. The splitter below cuts a run of Chinese into the longest words the index holds.
- The ranking (``scorer.js``): the articles come before the reference pages that quote the same words.
- The result summaries: Sphinx quotes the text of a page's ``[role=main]``, which in this theme holds the
  page outline too (on screen and a copy for printing), so a summary would quote the outline's headings;
  the outline is left out, and so is the folded code of a notebook's cells (its 显示代码/隐藏代码 toggle and
  the Python source), which a summary would otherwise quote between the prose and the tables.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import languages
from sphinx.search.zh import SearchChinese

WORDS = Path(__file__).with_name("zh-words.txt")
SCORER = Path(__file__).with_name("scorer.js")

#: The query splitter for language_data.js: ``splitQuery`` as searchtools.js expects it.
SPLITTER = r"""
function yibaoSummariesWithoutOutline() {
  if (typeof Search === "undefined" || Search.yibaoOwnText) return;
  const text = Search.htmlToText;
  Search.htmlToText = (html, anchor) => {
    const page = new DOMParser().parseFromString(html, "text/html");
    page.querySelectorAll(".onlyprint, .bd-sidebar-secondary, .bd-header-article, details.above-input, .cell_input")
      .forEach((e) => e.remove());
    // a table's cells are read as words, not run together (规则 取值 单位, not 规则取值单位)
    page.querySelectorAll("th, td").forEach((cell) => cell.append(" "));
    return text(page.documentElement.outerHTML, anchor);
  };
  Search.yibaoOwnText = true;
}

function splitQuery(query) {
  yibaoSummariesWithoutOutline();
  const runs = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((t) => t);
  const index = typeof Search === "undefined" ? null : Search._index;
  if (!index) return runs;
  const known = (w) => Object.hasOwn(index.terms, w) || Object.hasOwn(index.titleterms, w);
  const words = [];
  for (const run of runs) {
    if (!/\p{Script=Han}/u.test(run) || known(run)) { words.push(run); continue; }
    // Longest indexed word first, left to right; a character that starts no indexed word is skipped
    // (the index holds no single characters).
    let i = 0;
    while (i < run.length) {
      let j = run.length;
      while (j > i + 1 && !known(run.slice(i, j))) j--;
      if (j > i + 1 || known(run[i])) words.push(run.slice(i, j));
      i = j;
    }
  }
  return words.length ? words : runs;
}
"""


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search (jieba) with the stemmer's JavaScript name fixed and a word-aware query splitter."""

    # Names the JavaScript stemmer class: ``EnglishStemmer`` is what js_stemmer_rawcode ships.
    language_name = "English"
    js_splitter_code = SPLITTER


def _quiet_jieba() -> None:
    """jieba logs its dictionary loading at DEBUG to stderr; the build says nothing unless it fails."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _words_option(app: Sphinx, config: Any) -> None:
    options = dict(config.html_search_options or {})
    options.setdefault("dict", str(WORDS))
    config.html_search_options = options
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def setup(app: Sphinx) -> dict[str, Any]:
    languages["zh"] = ChineseSearch
    _quiet_jieba()
    app.connect("config-inited", _words_option)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

/* The docs site's search ranking (html_search_scorer, set by yibao_search.py): Sphinx's default weights,
   and the five articles (the explainer notebooks) ahead of the reference pages that quote the same
   words, because a resident searching 大病保险 wants the chapter that explains it first. */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    return docname.startsWith("_generated/notebooks/0") ? score + 20 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

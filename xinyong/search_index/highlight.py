"""Highlighting matched parts of a name: escaped first, then marked up."""

from __future__ import annotations

from markupsafe import Markup, escape

from xinyong.search_index.analysis import bigrams, fold


def highlight(text: str, query_cores: list[str]) -> Markup:
    """Wrap in <mark> every character of ``text`` covered by a bigram of the query."""
    wanted: set[str] = set()
    singles: set[str] = set()
    for core in query_cores:
        grams = bigrams(core)
        wanted.update(g for g in grams if len(g) == 2)
        singles.update(g for g in grams if len(g) == 1)
    folded = [fold(c) or c for c in text]
    marked = [False] * len(text)
    for i in range(len(text)):
        if folded[i] in singles:
            marked[i] = True
        if i + 1 < len(text) and folded[i] + folded[i + 1] in wanted:
            marked[i] = marked[i + 1] = True
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        piece = str(escape(text[i:j]))
        out.append(f"<mark>{piece}</mark>" if marked[i] else piece)
        i = j
    return Markup("".join(out))  # noqa: S704 - every piece was escaped above

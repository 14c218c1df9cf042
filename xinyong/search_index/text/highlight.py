"""Highlighting matched parts of a name or a text: escaped first, then marked up."""

from __future__ import annotations

from markupsafe import Markup, escape

from xinyong.search_index.text.analysis import bigrams, fold


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


def excerpt(text: str, query_cores: list[str], width: int = 90) -> Markup:
    """About `width` characters of a long text around its first match, highlighted."""
    folded = fold(text)
    start = 0
    for core in query_cores:
        probe = fold(core)[:2]
        at = folded.find(probe) if probe else -1
        if at >= 0:
            # fold drops punctuation, so the folded offset is at most the real one
            start = max(0, text.find(probe[0], at) - width // 3)
            break
    piece = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return escape(prefix) + highlight(piece, query_cores) + escape(suffix)

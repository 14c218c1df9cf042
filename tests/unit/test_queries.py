"""Which typed bigrams filter and which only rank (`strict_terms_query`), by document frequency."""

from __future__ import annotations

from whoosh.query import And, AndMaybe, Or, Term

from xinyong.search_index.queries import COMMON_SHARE, REQUIRED_RARE, strict_terms_query

DOCS = 1_000_000
COMMON = int(DOCS * COMMON_SHARE) + 1


def _query(frequencies: dict[str, int]):
    return strict_terms_query("core", list(frequencies), lambda _f, t: frequencies[t], DOCS)


def test_the_rarest_filter_and_the_other_rare_ones_rank():
    frequencies = {"光江": 40, "江网": 300, "网络": 900, "络科": 1_500, "科技": 5_000}
    rare = sorted(frequencies, key=frequencies.get)
    assert _query(frequencies) == AndMaybe(
        And([Term("core", t) for t in rare[:REQUIRED_RARE]]),
        Or([Term("core", t) for t in rare[REQUIRED_RARE:]]),
    )


def test_a_common_bigram_neither_filters_nor_ranks_when_a_rarer_one_filters():
    assert _query({"聚商": 550, "商务": COMMON, "咨询": COMMON * 2}) == Term("core", "聚商")
    assert _query({"恒通": 80, "通商": 700, "商贸": COMMON}) == And(
        [Term("core", "恒通"), Term("core", "通商")]
    )


def test_only_common_bigrams_the_rarest_filters_and_the_others_rank():
    assert _query({"商务": COMMON * 2, "咨询": COMMON}) == AndMaybe(
        Term("core", "咨询"), Or([Term("core", "商务")])
    )


def test_a_bigram_found_nowhere_means_no_query():
    assert _query({"恒通": 80, "通鑫": 0}) is None

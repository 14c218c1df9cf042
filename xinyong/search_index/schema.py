"""The Whoosh schemas of the two indexes and their version.

Tokens are computed by `analysis.py` and stored space-separated, so Whoosh only splits on
spaces: what is indexed is decided in one place, in plain Python, and tested there.

Bump SCHEMA_VERSION whenever a field or the analysis that fills it changes: Whoosh compares
schemas by field type, not by analyzer, so a changed analysis would otherwise silently mix
old and new tokens. A bumped version makes the current build unusable until a rebuild.
"""

from __future__ import annotations

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

SCHEMA_VERSION = 6  # 2: per-character trad→simp, 厂 and branch suffixes stripped, bracketed regions
# 3: `near` deletion keys for one-character typos
# 4: name parts (Hubei-wide regions, 集团, 个体工商户, branches stripped); brand initials + pinyin
# 5: towns after a county stripped; `inip`, initials of the core's first 2–4 characters
# 6: `name`, the folded whole name, stored for ranking by the whole name without SQL

SUBJECTS = "subjects"
RECORDS = "records"

_tokens = SpaceSeparatedTokenizer()


def _terms() -> KEYWORD:
    # Unscored term sets: without per-document field lengths Whoosh writes postings several
    # times faster (measured: lengths lookups were half the rebuild time). Only `core` is
    # scored, where length normalisation ranks 恒通商贸 above 恒通商贸物流 for "恒通商贸".
    return KEYWORD(scorable=False)


def subject_schema() -> Schema:
    # Codes (USCC, 注册号 …) stay out of Whoosh: exact code lookups go to the database's own
    # unique indexes, which answer in microseconds and keep this index small.
    return Schema(
        id=ID(stored=True, unique=True),
        digest=STORED,  # hash of the document: `index check` compares it with the database
        name_core=STORED,  # to re-rank typo-tolerant matches by similarity to the query
        name=STORED,  # the folded whole name: a whole name typed is compared with it (typos.py)
        core=TEXT(analyzer=_tokens, phrase=False),  # bigrams of name cores, current + former
        key=KEYWORD,  # normalised name keys, current + former (exact match; prefix for suggestions)
        py=_terms(),  # pinyin syllable bigrams + joined pinyin of each core, joined pinyin of its brand
        ini=KEYWORD,  # pinyin initials of each name core (htsm) and of its brand (ht)
        # Initials of the core's first 2, 3 and 4 characters (ht, hts, htsm): the brand's
        # initials even when its trade is a word the analyser does not know (金穗轴承制造).
        inip=_terms(),
        near=_terms(),  # each core with one character left out: one-typo matches by lookup
        # Facet fields are single-valued and sortable: Whoosh then counts them from a column
        # instead of loading a field cache of every document into memory.
        kind=ID(sortable=True),
        district=ID(sortable=True),
        domain=ID(sortable=True),
        flag=ID(sortable=True),  # the gravest list colour in force: black > watch > red > none
        lists=KEYWORD,  # list type codes in force (filter)
        colors=KEYWORD,  # every list colour in force (filter)
        in_force=COLUMN(NumericColumn("I")),  # records in force: for sorting only
    )


def record_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),  # e.g. penalty:123
        digest=STORED,
        type=ID(stored=True, sortable=True),
        subject=_terms(),  # bigrams of the subject name core
        text=_terms(),  # bigrams of the topic: category, violation type, licence name
        domain=ID(sortable=True),
        district=ID(sortable=True),
        department=ID(sortable=True),
        year=ID(sortable=True),
        list_type=ID(sortable=True),
        category=KEYWORD,
        # yyyymmdd, sort only: a NUMERIC field would also index 8 range terms per document.
        decided=COLUMN(NumericColumn("I")),
    )

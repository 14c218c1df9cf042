"""What a search returns, and the input rules every search shares (length and page caps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xinyong.search_index.errors import PageOutOfRange, QueryEmpty, QueryTooLong
from xinyong.search_index.text.analysis import fold

MAX_QUERY_CHARS = 100
MAX_PAGE = 50
PAGE_SIZE = 20


@dataclass
class SearchOutcome:
    query: str
    query_class: str
    total: int
    page: int
    pages: int
    subject_ids: list[int] = field(default_factory=list)
    record_ids: list[tuple[str, int]] = field(default_factory=list)
    exact: bool = False  # the first hit matched the code or the whole name exactly
    fallback: str | None = None  # "pinyin" | "tolerant" when the strict query found nothing
    partial: bool = False  # broad query cut short: results incomplete, ask to narrow
    did_you_mean: list[str] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # what to highlight
    top_cores: list[str] = field(default_factory=list, repr=False)


def clean_query(raw: str | None) -> str:
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"查询内容过长：最多{MAX_QUERY_CHARS}个字符")
    if not fold(text):
        raise QueryEmpty("请输入企业名称、统一社会信用代码或决定书文号")
    return text


def page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page < 1 or page > MAX_PAGE:
        raise PageOutOfRange(f"页码超出范围：应为1至{MAX_PAGE}")
    return page, max(1, min(page_size, 50))


def paged(
    outcome: SearchOutcome,
    ids: list[int],
    page: int,
    page_size: int,
    *,
    exact: bool | None = None,
    total: int | None = None,
) -> SearchOutcome:
    outcome.total = len(ids) if total is None else total
    outcome.pages = -(-outcome.total // page_size)
    if outcome.total and page > outcome.pages:
        raise PageOutOfRange("页码超出范围")
    start = (page - 1) * page_size
    outcome.subject_ids = ids[start : start + page_size]
    if exact is not None:
        outcome.exact = exact
    return outcome

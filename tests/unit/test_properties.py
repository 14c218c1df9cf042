"""Property-based tests (hypothesis) of what hostile or broken input reaches first: identifier
validation, cell parsing, file reading and query analysis. Each either answers or refuses with
its own error type — never anything else."""

from __future__ import annotations

import contextlib
import string
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyong.records import identifiers
from xinyong.records.ingest import values
from xinyong.records.ingest.readers import FileUnreadable, read_table
from xinyong.records.pii import contains_full_id, mask_ids_in_text
from xinyong.search_index.text import analysis

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
cells = st.one_of(
    st.none(), st.text(max_size=60), st.integers(), st.floats(allow_nan=True), st.dates(), st.booleans()
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=40))
def test_uscc_validation_answers_or_refuses(raw):
    try:
        code = identifiers.validate_uscc(raw)
    except ValueError:
        return
    assert identifiers.is_valid_uscc(code) and len(code) == 18


@FAST
@given(
    st.sampled_from("159"),
    st.sampled_from("123"),
    st.text(alphabet=string.digits, min_size=6, max_size=6),
    st.text(alphabet=CODE_CHARS, min_size=8, max_size=8),
    st.integers(0, 17),
    st.sampled_from(CODE_CHARS),
)
def test_every_single_character_change_of_a_uscc_is_caught(authority, category, region, body, at, char):
    code = identifiers.make_uscc(authority, category, region, body)
    assert identifiers.is_valid_uscc(code)
    changed = code[:at] + char + code[at + 1 :]
    if changed != code:
        assert not identifiers.is_valid_uscc(changed)


@FAST
@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["420102", "110105", "330222"]),
)
def test_resident_ids_round_trip_and_are_masked_in_any_text(birth, seq, region):
    number = identifiers.make_resident_id(region, birth, seq)
    assert identifiers.is_valid_resident_id(number)
    text = f"当事人{number}，电话027-8888"
    assert contains_full_id(text) and not contains_full_id(mask_ids_in_text(text))


@FAST
@given(cells)
def test_cell_parsers_answer_or_raise_field_errors(raw):
    for parse in (
        values.parse_date,
        values.parse_amount,
        lambda r: values.parse_text(r, 100),
        values.parse_open_date,
    ):
        with contextlib.suppress(values.FieldError):
            parse(raw)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=2000), st.sampled_from([".csv", ".xlsx", ".json", ".txt"]))
def test_reading_any_bytes_gives_a_table_or_a_chinese_refusal(tmp_path_factory, data, suffix):
    path = Path(tmp_path_factory.mktemp("f")) / f"upload{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path, {"行政处罚决定书文号", "行政相对人名称"})
    except FileUnreadable as refused:
        assert refused.message and any("\u4e00" <= c <= "\u9fff" for c in refused.message)
        return
    assert isinstance(table.headers, list)


@FAST
@given(st.text(max_size=80))
def test_query_analysis_handles_any_text(q):
    folded = analysis.fold(q)
    assert isinstance(folded, str)
    analysis.classify_query(q)
    core = analysis.name_core(q)
    analysis.bigrams(core)
    analysis.pinyin_terms(core)
    analysis.deletions(core)
    analysis.initials(core)

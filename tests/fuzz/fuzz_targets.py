"""Coverage-guided fuzzing (atheris, libFuzzer) of what hostile input reaches first.

    .venv/bin/python tests/fuzz/fuzz_targets.py TARGET [libFuzzer options] [corpus dirs]

TARGET: readers (department files: CSV, XLSX, JSON, by suffix), identifiers (USCC, organisation
code, resident ID validation), query (the search query's cleaning and analysis), uploads (the
repair documents' type sniffing and storage path), masking (ID numbers in free text).
Each target may answer or refuse with its own error type; anything else is a crash, which
libFuzzer reports with the input that caused it (exit code non-zero). `make test-fuzz` runs
every target for minutes; tests/fuzz/test_fuzz_short.py for seconds inside `make test`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["xinyong"]):
    from xinyong.records import identifiers
    from xinyong.records.ingest.readers import FileUnreadable, read_table
    from xinyong.records.pii import contains_full_id, mask_ids_in_text
    from xinyong.records.procedures.uploads import UploadRefused, check_upload, path_of
    from xinyong.search_index.errors import SearchError
    from xinyong.search_index.outcome import clean_query
    from xinyong.search_index.text import analysis

SUFFIXES = (".csv", ".xlsx", ".json", ".txt")
WORKDIR = Path(tempfile.mkdtemp(prefix="xinyong-fuzz-"))
EXPECTED = {"行政处罚决定书文号", "行政相对人名称"}


def readers(data: bytes) -> None:
    if not data:
        return
    path = WORKDIR / f"upload{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        table = read_table(path, EXPECTED)
        assert isinstance(table.headers, list)
        for _ in table.rows:  # a table must be readable to its end, or refused
            pass
    except FileUnreadable as refused:
        assert refused.message, "a refusal must say why"


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(200)


def identifiers_(data: bytes) -> None:
    text = _text(data)
    for validate in (
        identifiers.validate_uscc,
        identifiers.validate_org_code,
        identifiers.validate_resident_id,
    ):
        try:
            valid = validate(text)
        except ValueError:
            continue
        assert isinstance(valid, str)
    identifiers.normalize_code(text)


def query(data: bytes) -> None:
    text = _text(data)
    try:
        cleaned = clean_query(text)
    except SearchError as refused:
        assert str(refused)
        return
    analysis.classify_query(cleaned)
    core = analysis.name_core(cleaned)
    analysis.bigrams(core)
    analysis.pinyin_terms(core)
    analysis.deletions(core)
    analysis.initials(core)


def uploads(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name = provider.ConsumeUnicodeNoSurrogates(40)
    body = provider.ConsumeBytes(4096)
    try:
        check_upload(name, body)
    except UploadRefused as refused:
        assert str(refused)
    digest = provider.ConsumeUnicodeNoSurrogates(70)
    try:
        inside = path_of(WORKDIR, digest)
    except ValueError:
        return
    assert WORKDIR in inside.parents  # no name leads out of the upload folder


def masking(data: bytes) -> None:
    text = _text(data)
    assert not contains_full_id(mask_ids_in_text(text))


TARGETS = {
    "readers": readers,
    "identifiers": identifiers_,
    "query": query,
    "uploads": uploads,
    "masking": masking,
}


if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()

"""Validating one delivered row against its catalog definition.

A `RowValidator` is compiled once per file (headers → field parsers) and then turns each row
into either a `ValidRow` (normalised values, ready to store) or an `InvalidRow` carrying every
reason, never just the first. ID numbers are hashed and masked here, at the edge, so nothing
downstream ever holds one in full — not even the rejected-row report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from xinyong.records import identifiers, pii
from xinyong.records.catalog import FieldDef, RecordDefinition
from xinyong.records.ingest.readers import Cell
from xinyong.records.ingest.values import (
    FieldError,
    as_text,
    document_key,
    enum_error,
    extract_fine,
    parse_amount,
    parse_date,
    parse_enum,
    parse_multi_enum,
    parse_open_date,
    parse_text,
)

USCC_NONE = "00000000000000000X"  # 个体工商户 without a code (domain.md §1.1)
REQUIRED = "必填项为空"
_MATCHED_CODES = ("reg_no", "org_code")  # subjects are matched by these: kept as delivered


@dataclass
class ValidRow:
    row_number: int
    values: dict[str, Any]


@dataclass
class InvalidRow:
    row_number: int
    cells: dict[str, str]
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Lookups:
    """Reference values from the database that some field types resolve against."""

    list_types: dict[str, str]  # name or code → code
    districts: dict[str, str]  # name or code → code
    domains: dict[str, str]  # name or code → code


BIRTH_SUFFIX = "__birth"  # values[<id field> + this]: the birth date read from a resident ID


class RowValidator:
    def __init__(
        self,
        definition: RecordDefinition,
        headers: list[str],
        *,
        id_hash_key: bytes,
        lookups: Lookups,
        today: date,
    ):
        self.definition = definition
        self.headers = headers
        self.mapping = definition.match_headers(headers)
        self.today = today
        self._key = id_hash_key
        self._lookups = lookups
        self._parsers: list[tuple[int, FieldDef, Callable[[Cell], Any]]] = [
            (i, f, self._parser(f)) for i, f in sorted(self.mapping.items())
        ]
        self._id_columns = {i for i, f in self.mapping.items() if f.type == "id_number"}
        self._id_fields = [(i, f) for i, f in self.mapping.items() if f.type == "id_number"]
        self._label_of = {f.name: headers[i] for i, f in self.mapping.items()}
        # Per-row work is precomputed here: only fields with a rule are visited for each row.
        fields = definition.fields
        self._prepare = [
            (f, f.options.get("default"), f.options.get("fallback"), f.options.get("other_detail"))
            for f in fields
            if {"default", "fallback", "other_detail"} & f.options.keys()
        ]
        self._checked = [
            (
                f,
                f.options.get("not_future"),
                f.options.get("not_before"),
                f.options.get("other_detail"),
                bool(f.required or f.required_when),
            )
            for f in fields
            if f.required
            or f.required_when
            or {"not_future", "not_before", "other_detail"} & f.options.keys()
        ]
        self._extract = [
            (f.name, f.options["extract_fine_into"]) for f in fields if "extract_fine_into" in f.options
        ]

    @property
    def ignored_headers(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if i not in self.mapping and h]

    # -- compiling ---------------------------------------------------------------------
    def _parser(self, f: FieldDef) -> Callable[[Cell], Any]:
        kind = f.type
        if kind == "text":
            return lambda raw: _mask_ids_in_text(parse_text(raw, f.max_length))
        if kind == "code" and f.name not in _MATCHED_CODES:
            # A 个体工商户's 税务登记号 is often its owner's ID number: published, so masked.
            return lambda raw: _mask_ids_in_text(
                _apply(as_text(raw), identifiers.normalize_code, f.max_length)
            )
        if kind in ("code", "doc_no"):
            # 文号 are natural keys: masking would make two decisions one (pii.py leaves
            # 文号 alone by their check digit).
            fold = identifiers.normalize_code if kind == "code" else _strip
            return lambda raw: _apply(as_text(raw), fold, f.max_length)
        if kind == "date":
            return parse_date
        if kind == "open_date":
            return parse_open_date
        if kind == "amount":
            return parse_amount
        if kind == "enum" and f.options.get("other_detail"):
            return lambda raw: _parse_enum_with_other(raw, f)
        if kind == "enum":
            return lambda raw: parse_enum(raw, f.values, f.aliases)
        if kind == "multi_enum":
            return lambda raw: parse_multi_enum(raw, f.values, f.aliases)
        if kind == "uscc":
            return _parse_uscc
        if kind == "org_code":
            return lambda raw: _identifier(raw, identifiers.validate_org_code)
        if kind == "id_number":
            return lambda raw: raw  # needs the row's 证件类型: handled in validate()
        if kind in ("list_type", "district", "domain"):
            table = getattr(self._lookups, {"list_type": "list_types"}.get(kind, kind + "s"))
            return lambda raw: _lookup(raw, table)
        raise ValueError(f"unknown field type {kind!r} in {self.definition.key}")

    # -- validating --------------------------------------------------------------------
    def validate(self, row_number: int, cells: list[Cell]) -> ValidRow | InvalidRow:
        values: dict[str, Any] = {}
        errors: list[dict[str, str]] = []
        for i, f, parse in self._parsers:
            raw = cells[i] if i < len(cells) else None
            try:
                value = parse(raw)
            except FieldError as exc:
                errors.append(self._error(i, raw, exc.reason))
                continue
            except identifiers.IdentifierError as exc:
                errors.append(self._error(i, raw, exc.message))
                continue
            if f.merge and values.get(f.name):
                if value:
                    values[f.name] = list(dict.fromkeys(values[f.name] + value))
            elif not (f.merge and value is None and f.name in values):
                values[f.name] = value
        if not errors:
            self._finish(values, cells, errors)
        if errors:
            return InvalidRow(row_number, self._report_cells(cells), errors)
        return ValidRow(row_number, values)

    def _finish(self, values: dict[str, Any], cells: list[Cell], errors: list) -> None:
        for f, default, fallback, detail in self._prepare:
            if default and not values.get(f.name):
                values[f.name] = default
            if fallback and not values.get(f.name):
                values[f.name] = values.get(fallback)
            if detail and isinstance(values.get(f.name), tuple):
                values[f.name], values[detail] = values[f.name]
        self._derive(values, errors)
        for i, f in self._id_fields:
            self._id_number(i, f, cells, values, errors)
        for f, not_future, not_before, detail, conditional in self._checked:
            value = values.get(f.name)
            if value is None or value == "" or value == [] or value == (None, False):
                if conditional:
                    reason = self._missing_reason(f, values)
                    if reason:
                        errors.append(self._field_error(f, "", reason))
                continue
            if not_future and value > self.today:
                errors.append(self._field_error(f, value, f"日期晚于今天（{self.today}）"))
            if not_before:
                mine = value[0] if isinstance(value, tuple) else value
                theirs = values.get(not_before)
                theirs = theirs[0] if isinstance(theirs, tuple) else theirs
                if mine and theirs and mine < theirs:
                    label = self.definition.field(not_before).label
                    errors.append(self._field_error(f, mine, f"早于{label}"))
            if detail and value == "其他" and not values.get(detail):
                errors.append(self._field_error(f, value, "为“其他”时须写明具体类别，如“其他（备案）”"))

    def _derive(self, values: dict[str, Any], errors: list) -> None:
        derive = self.definition.derive
        source = derive.get("source_dept")
        if source and not values.get("source_dept"):
            values["source_dept"] = values.get(source)
        if derive.get("subject_kind") == "organisation":
            values.setdefault("subject_kind", "法人及非法人组织")
        elif derive.get("subject_kind") == "from_codes" and not values.get("subject_kind"):
            uscc = values.get("uscc")
            if uscc and uscc != USCC_NONE:
                values["subject_kind"] = "个体工商户" if uscc.startswith("92") else "法人及非法人组织"
            elif values.get("org_code") or values.get("reg_no"):
                values["subject_kind"] = "法人及非法人组织"
            elif as_text(values.get("id")):
                values["subject_kind"] = "自然人"
                values.setdefault("id_type", "身份证")
            else:
                errors.append(
                    {
                        "column": "",
                        "value": "",
                        "reason": "无法确定行政相对人类别：统一社会信用代码、组织机构代码、"
                        "工商登记码和居民身份证号均为空",
                    }
                )
        for name, target in self._extract:
            if values.get(name) and values.get(target) is None:
                values[target] = extract_fine(values[name])
                values[f"{target.removesuffix('_amount')}_from_content"] = values[target] is not None

    def _id_number(self, i: int, f: FieldDef, cells: list[Cell], values: dict, errors: list):
        text = as_text(cells[i] if i < len(cells) else None)
        if text is None:
            values[f.name] = None
            return
        id_type = values.get(f.options.get("type_field", "")) or "身份证"
        if identifiers.is_masked(text):
            if self._missing_reason(f, values):
                # The subject's own ID is what a counter matches on: a masked one is useless.
                errors.append(self._error(i, text, "证件号码已脱敏，无法校验：请填写完整号码"))
                return
            values[f.name] = (None, identifiers.normalize_code(text))
            return
        code = identifiers.normalize_code(text)
        if "身份证" in id_type:
            try:
                code = identifiers.validate_resident_id(code)
            except identifiers.IdentifierError as exc:
                errors.append(self._error(i, text, exc.message))
                return
        values[f.name] = (pii.hash_id_number(code, self._key), pii.mask_id_number(code))
        if "身份证" in id_type:  # not stored: only decides whether the record may be published
            values[f"{f.name}{BIRTH_SUFFIX}"] = identifiers.resident_id_birth_date(code)

    def _missing_reason(self, f: FieldDef, values: dict[str, Any]) -> str | None:
        if f.required:
            return REQUIRED
        cond = f.required_when
        if not cond:
            return None
        other = values.get(cond["field"])
        label = self.definition.field(cond["field"]).label
        if "in" in cond and other in cond["in"]:
            return f"{label}为“{other}”时必填"
        if "equals" in cond and other == cond["equals"]:
            return f"{label}为“{other}”时必填"
        if "contains" in cond and other and cond["contains"] in other:
            return f"{label}含“{cond['contains']}”时必填"
        if "contains_any" in cond and other:
            hit = next((c for c in cond["contains_any"] if c in other), None)
            if hit:
                return f"{label}含“{hit}”时必填"
        return None

    # -- reporting ---------------------------------------------------------------------
    def _error(self, i: int, raw: Cell, reason: str) -> dict[str, str]:
        shown = as_text(raw) or ""
        if i in self._id_columns and shown:
            shown = pii.mask_id_number(shown)
        elif shown:
            shown = _mask_ids(shown)  # a value quoted in the report is stored: masked too
        return {"column": self.headers[i], "value": shown[:200], "reason": reason}

    def _field_error(self, f: FieldDef, value: Any, reason: str) -> dict[str, str]:
        column = self._label_of.get(f.name, f.label)
        shown = value.isoformat() if isinstance(value, date) else _mask_ids(str(value))
        return {"column": column, "value": shown[:200], "reason": reason}

    def _report_cells(self, cells: list[Cell]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i, h in enumerate(self.headers):
            text = as_text(cells[i] if i < len(cells) else None) or ""
            if text and (i in self._id_columns or pii.contains_full_id(text)):
                text = pii.mask_id_number(text) if i in self._id_columns else _mask_ids(text)
            out[h or f"第{i + 1}列"] = text
        return out


def _parse_enum_with_other(raw: Cell, f: FieldDef) -> str | tuple[str, str] | None:
    """'其他（备案）' → ('其他', '备案'): the national layout asks 其他 to name the kind."""
    text = as_text(raw)
    if text and text.startswith("其他") and len(text) > 2:
        return "其他", text[2:].strip(" -－:：()（）[]【】")
    return parse_enum(raw, f.values, f.aliases)


def _strip(text: str) -> str:
    return text.strip()


def _apply(text: str | None, fold: Callable[[str], str], max_length: int | None) -> str | None:
    if text is None:
        return None
    value = fold(text)
    if max_length is not None and len(value) > max_length:
        raise FieldError(f"内容过长：{len(value)}字，最多{max_length}字")
    return value


def _parse_uscc(raw: Cell) -> str | None:
    text = as_text(raw)
    return None if text is None else _checked_uscc(text)


@lru_cache(maxsize=65536)
def _checked_uscc(text: str) -> str:
    # Authority and department codes repeat on every row of a file: validate each once.
    code = identifiers.normalize_code(text)
    return code if code == USCC_NONE else identifiers.validate_uscc(code)


def _identifier(raw: Cell, validate: Callable[[str], str]) -> str | None:
    text = as_text(raw)
    return None if text is None else validate(text)


def _lookup(raw: Cell, table: dict[str, str]) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    if text in table:
        return table[text]
    names = tuple(k for k in table if not k.isascii())
    raise enum_error(text, names)


def _mask_ids(text: str) -> str:
    return pii.mask_ids_in_text(text)


def _mask_ids_in_text(text: str | None) -> str | None:
    """Free text (违法事实, 备注 …) sometimes quotes an ID number, in any written form
    (`sfz4201…`, full-width, grouped); it is masked on the way in (pii.find_ids)."""
    if text is None or len(text) < 15:
        return text
    return _mask_ids(text)


def natural_key(definition: RecordDefinition, values: dict[str, Any]) -> str:
    parts = []
    for name in definition.natural_key:
        value = values.get(name)
        parts.append(document_key(str(value)) if value is not None else "")
    return "|".join(parts)

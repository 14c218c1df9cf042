"""The catalog (信用信息目录): one versioned definition per record type and layout.

The definitions are data (the JSON files beside this module). The importer, validation,
exports and page labels all read them, so a new label variant or enumeration value is a data
change, not a code change.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

RECORD_TYPES = {
    "licence": "行政许可",
    "penalty": "行政处罚",
    "list_entry": "红黑名单",
    "commitment": "信用承诺",
    "joint_case": "联合奖惩案例",
}

_LABEL_JUNK = re.compile(r"[\s*＊:：\u200b\ufeff]+")


def normalize_label(label: str) -> str:
    """Fold the ways departments write one heading: full-/half-width, spaces, '*' marks."""
    return _LABEL_JUNK.sub("", unicodedata.normalize("NFKC", str(label)))


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: str
    variants: tuple[str, ...] = ()
    required: bool = False
    required_when: dict[str, Any] | None = None
    values: tuple[str, ...] = ()
    aliases: dict[str, list[str]] = field(default_factory=dict)
    max_length: int | None = None
    published: bool | str = True  # True | False | "masked"
    stored: bool = True
    merge: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """Normalised labels this field answers to."""
        return tuple(dict.fromkeys(normalize_label(x) for x in (self.label, *self.variants)))


@dataclass(frozen=True)
class RecordDefinition:
    record_type: str
    layout: str
    version: str
    title: str
    natural_key: tuple[str, ...]
    decision_date_field: str
    fields: tuple[FieldDef, ...]
    derive: dict[str, str]
    # 双公示 records must go online within this many working days (国办发〔2015〕51号).
    publish_within_working_days: int | None = None

    @property
    def key(self) -> str:
        return f"{self.record_type}/{self.layout}"

    def field(self, name: str) -> FieldDef:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def labels(self) -> dict[str, str]:
        """Field name → national label (first definition wins for merged fields)."""
        out: dict[str, str] = {}
        for f in self.fields:
            out.setdefault(f.name, f.label)
        return out

    def match_headers(self, headers: list[str]) -> dict[int, FieldDef]:
        """Column index → field, matched by normalised label, never by position."""
        by_key: dict[str, FieldDef] = {}
        for f in self.fields:
            for k in f.keys:
                by_key.setdefault(k, f)
        mapping: dict[int, FieldDef] = {}
        taken: set[int] = set()
        for i, h in enumerate(headers):
            found = by_key.get(normalize_label(h))
            if found is not None and id(found) not in taken:
                mapping[i] = found
                taken.add(id(found))
        return mapping

    def missing_required(self, headers: list[str]) -> list[str]:
        """Labels of always-required fields that no column provides."""
        present = {id(f) for f in self.match_headers(headers).values()}
        return [f.label for f in self.fields if f.required and id(f) not in present]


_FIELD_KEYS = {
    "name",
    "label",
    "type",
    "variants",
    "required",
    "required_when",
    "values",
    "aliases",
    "max_length",
    "published",
    "stored",
    "merge",
}


def _field(raw: dict[str, Any]) -> FieldDef:
    return FieldDef(
        name=raw["name"],
        label=raw["label"],
        type=raw["type"],
        variants=tuple(raw.get("variants", ())),
        required=bool(raw.get("required", False)),
        required_when=raw.get("required_when"),
        values=tuple(raw.get("values", ())),
        aliases=dict(raw.get("aliases", {})),
        max_length=raw.get("max_length"),
        published=raw.get("published", True),
        stored=raw.get("stored", True),
        merge=raw.get("merge", False),
        options={k: v for k, v in raw.items() if k not in _FIELD_KEYS},
    )


def _definition(raw: dict[str, Any]) -> RecordDefinition:
    return RecordDefinition(
        record_type=raw["record_type"],
        layout=raw["layout"],
        version=raw["version"],
        title=raw["title"],
        natural_key=tuple(raw["natural_key"]),
        decision_date_field=raw["decision_date_field"],
        fields=tuple(_field(f) for f in raw["fields"]),
        derive=dict(raw.get("derive", {})),
        publish_within_working_days=raw.get("publish_within_working_days"),
    )


@dataclass(frozen=True)
class Catalog:
    definitions: tuple[RecordDefinition, ...]

    def get(self, record_type: str, layout: str = "current") -> RecordDefinition:
        for d in self.definitions:
            if d.record_type == record_type and d.layout == layout:
                return d
        raise KeyError(f"{record_type}/{layout}")

    def for_type(self, record_type: str) -> list[RecordDefinition]:
        return [d for d in self.definitions if d.record_type == record_type]

    def detect(self, headers: list[str], record_type: str | None = None) -> RecordDefinition:
        """The definition whose labels best cover the headers.

        Scored by matched labels minus missing required ones, so the legacy layout wins
        only when its own labels (处罚名称, 处罚结果 …) are there.
        """
        candidates = self.for_type(record_type) if record_type else list(self.definitions)
        if not candidates:
            raise UnknownRecordType(record_type or "")

        def score(d: RecordDefinition) -> tuple[int, int]:
            matched = len(d.match_headers(headers))
            return (matched - 2 * len(d.missing_required(headers)), matched)

        best = max(candidates, key=score)
        if len(best.match_headers(headers)) < 3:
            raise UnrecognisedHeaders(headers)
        return best


class UnknownRecordType(KeyError):
    pass


class UnrecognisedHeaders(ValueError):
    def __init__(self, headers: list[str]):
        super().__init__(headers)
        self.headers = headers


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    folder = resources.files(__package__)
    definitions = [
        _definition(json.loads(entry.read_text(encoding="utf-8")))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]
    return Catalog(tuple(definitions))

"""The record types, in one registry: key → title, model, the rule that says whether a record is
in force today, and where the type goes (search index, city-platform push, 双公示 browsing).

Every surface that used to keep its own `{"penalty": Penalty, …}` map reads this one, so a new
record type (or a type newly indexed or pushed) is one line here. The order is the order pages
list them in (penalties first); a caller whose output order is part of its contract (files of a
push batch, datasets of an open-data build) names its keys in that order with `models(*keys)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement

from xinyong.records.catalog import RECORD_TYPES as TITLES
from xinyong.records.models import Commitment, JointCase, Licence, ListEntry, Penalty
from xinyong.records.publication.in_force import licence_in_force, list_entry_in_force, penalty_in_force

InForce = Callable[[date], ColumnElement[bool]]


@dataclass(frozen=True)
class RecordType:
    key: str
    title: str
    model: Any
    in_force: InForce | None  # None: no publication window (commitments, joint cases)
    indexed: bool  # a document in the search index's records tab
    pushed: bool  # sent to the city credit platform (records/push.py)
    disclosed: bool  # 双公示: licences and penalties, the browsing pages and pilot figures


def _type(
    key: str, model: Any, in_force: InForce | None, *, indexed: bool, pushed: bool, disclosed: bool
) -> RecordType:
    return RecordType(key, TITLES[key], model, in_force, indexed, pushed, disclosed)


RECORD_TYPES: dict[str, RecordType] = {
    t.key: t
    for t in (
        _type("penalty", Penalty, penalty_in_force, indexed=True, pushed=True, disclosed=True),
        _type("licence", Licence, licence_in_force, indexed=True, pushed=True, disclosed=True),
        _type("list_entry", ListEntry, list_entry_in_force, indexed=True, pushed=True, disclosed=False),
        _type("commitment", Commitment, None, indexed=False, pushed=False, disclosed=False),
        _type("joint_case", JointCase, None, indexed=False, pushed=False, disclosed=False),
    )
}


def record_type(key: str) -> RecordType:
    """The type of `key`; KeyError for an unknown key (callers check input first)."""
    return RECORD_TYPES[key]


def models(*keys: str) -> dict[str, Any]:
    """key → model for `keys` in that order (every type when none are named)."""
    return {k: RECORD_TYPES[k].model for k in (keys or RECORD_TYPES)}


def in_force_rules(*keys: str) -> dict[str, tuple[Any, InForce]]:
    """key → (model, in-force rule) for `keys`, or for every type that has a rule."""
    chosen = keys or tuple(k for k, t in RECORD_TYPES.items() if t.in_force is not None)
    # The ignore: named keys are trusted to have a rule (callers name only disclosed types);
    # a type without one would come back as (model, None).
    return {k: (RECORD_TYPES[k].model, RECORD_TYPES[k].in_force) for k in chosen}  # type: ignore[misc]


def keys_where(**flags: bool) -> tuple[str, ...]:
    """The keys whose flags (indexed, pushed, disclosed) have the given values, in registry order."""
    return tuple(k for k, t in RECORD_TYPES.items() if all(getattr(t, f) == v for f, v in flags.items()))

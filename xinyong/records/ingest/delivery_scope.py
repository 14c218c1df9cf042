"""Which records a department's file may write: its own, and those it is delegated to deliver.

A row belongs to the departments it names: its 数据来源单位 and the 机关 that decided it (处罚机关,
许可机关, 认定机关, 承诺受理单位, 报送单位 — the department in the record type's natural key). A file
delivered *as* a department (every web upload of a department operator; `xinyong import
--department`) may only carry rows whose departments are that department or one the platform
administrator lets it deliver for (`DeliveryDelegation`). Other rows are rejected with the
reason, like any invalid row. The trusted CLI import without `--department` is not scoped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.catalog import RecordDefinition
from xinyong.records.ingest.values import name_key
from xinyong.records.models import DeliveryDelegation, Department

# The deciding department of each record type: the department named in its natural key.
DECIDING_FIELD = {
    "penalty": "authority",
    "licence": "authority",
    "list_entry": "authority",
    "commitment": "recipient",
    "joint_case": "reporting_unit",
}
SOURCE_FIELD = "source_dept"


@dataclass(frozen=True)
class DeliveryScope:
    department_id: int
    department_name: str
    allowed: frozenset[str]  # name keys of the departments this one may deliver for

    def reasons(
        self, definition: RecordDefinition, values: dict[str, Any], labels: dict[str, str]
    ) -> list[dict[str, str]]:
        """Why a valid row is outside this department's scope (empty when it is inside).
        ``labels`` maps field names to the file's own column headings."""
        errors: list[dict[str, str]] = []
        seen: set[str] = set()
        for field in (DECIDING_FIELD[definition.record_type], SOURCE_FIELD):
            name = values.get(field)
            if not name or name_key(name) in seen:
                continue  # a derived 数据来源单位 repeats the 机关: one reason is enough
            seen.add(name_key(name))
            if name_key(name) not in self.allowed:
                label = labels.get(field) or _label(definition, field)
                errors.append(
                    {
                        "column": label,
                        "value": str(name)[:200],
                        "reason": (
                            f"不属于本部门（{self.department_name}）的报送范围：只能报送本部门的信息，"
                            "或平台管理员授权代为报送的部门的信息"
                        ),
                    }
                )
        return errors


def _label(definition: RecordDefinition, field: str) -> str:
    try:
        return definition.field(field).label
    except KeyError:
        return field


def delegated_ids(session: Session, department_id: int) -> list[int]:
    return list(
        session.scalars(
            select(DeliveryDelegation.for_department_id).where(
                DeliveryDelegation.department_id == department_id
            )
        )
    )


def load_scope(session: Session, department_id: int) -> DeliveryScope:
    ids = [department_id, *delegated_ids(session, department_id)]
    names = {d.id: d.name for d in session.scalars(select(Department).where(Department.id.in_(ids)))}
    return DeliveryScope(department_id, names[department_id], frozenset(name_key(n) for n in names.values()))

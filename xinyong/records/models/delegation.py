"""Delivery delegations: a department allowed to deliver records for another department.

By default a department operator's file may only create or change records whose 数据来源单位 and
deciding 机关 are the operator's own department. Where one department collects for others (a
city bureau for its district offices), the platform administrator records it here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class DeliveryDelegation(Base):
    """`department_id` may deliver records of `for_department_id`."""

    __tablename__ = "delivery_delegations"
    __table_args__ = (
        UniqueConstraint("department_id", "for_department_id", name="uq_delivery_delegations_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    for_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    granted_by: Mapped[str] = mapped_column(String(50))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

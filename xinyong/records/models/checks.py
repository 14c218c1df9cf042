"""Counter checks (信用核查): approval types, joint measures, service centres and their widget
keys, and every check made — the receipts and the check log (查询留痕)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class ApprovalType(Base):
    """What a counter is approving (政府采购, 招标投标 …); an administrator may add more."""

    __tablename__ = "approval_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class JointMeasure(Base):
    """One measure of a memorandum (备忘录): a list, the approval type it applies to, what to do.

    `kind` is "restrict" for a punishment on a black list, "incentive" for a reward on a red
    list. Data an administrator edits: the national measure list changes."""

    __tablename__ = "joint_measures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    memorandum: Mapped[str] = mapped_column(String(300))  # 备忘录名称
    document_no: Mapped[str | None] = mapped_column(String(100))  # 文号
    list_type_code: Mapped[str] = mapped_column(ForeignKey("list_types.code"), index=True)
    approval_type_code: Mapped[str] = mapped_column(ForeignKey("approval_types.code"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # restrict | incentive
    measure: Mapped[str] = mapped_column(Text)  # 措施内容


class ServiceCentre(Base):
    __tablename__ = "service_centres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WidgetKey(Base):
    """A service centre's pair of keys, bound to the origins its pages are served from.

    The publishable key (`xk_…`) sits in the host page and only names the centre; the secret key
    (`xs_…`) stays on the host's back end and mints counter sessions. Both are stored hashed and
    shown once. `secret_version` goes up on rotation: sessions carry it, so older ones stop."""

    __tablename__ = "widget_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centres.id"), index=True)
    key_prefix: Mapped[str] = mapped_column(String(12), unique=True)  # to find the key row
    key_hash: Mapped[str] = mapped_column(String(64))
    origins: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    secret_prefix: Mapped[str | None] = mapped_column(String(12), unique=True, index=True)
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    secret_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime)


class CheckRecord(Base):
    """One check at a counter: its receipt (回执) and its line in the centre's check log."""

    __tablename__ = "check_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centres.id"), index=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("widget_keys.id"))
    operator_ref: Mapped[str | None] = mapped_column(String(100))
    query_entered: Mapped[str] = mapped_column(String(200))  # ID numbers masked
    query_normalised: Mapped[str] = mapped_column(String(200))
    used_id_number: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_type_code: Mapped[str] = mapped_column(ForeignKey("approval_types.code"))
    state: Mapped[str] = mapped_column(String(20), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    result: Mapped[dict] = mapped_column(JSON)  # what the counter was shown
    data_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

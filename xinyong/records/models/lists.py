"""Red/black list entries, credit commitments (信用承诺) and joint reward/punishment cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base
from xinyong.records.models.common import ProvenanceColumns


class ListEntry(ProvenanceColumns, Base):
    """Membership of one subject in one red/black/watch list, from 列入 to 移出."""

    __tablename__ = "list_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_type_code: Mapped[str] = mapped_column(ForeignKey("list_types.code"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    subject_name: Mapped[str] = mapped_column(String(200))  # 主体名称
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)  # 统一社会信用代码
    entered_on: Mapped[date] = mapped_column(Date, index=True)  # 列入日期
    removed_on: Mapped[date | None] = mapped_column(Date)  # 移出日期
    # 期满移出: the first day off the list when the list type's period ends
    # (records/publication/list_periods.py)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # 列入原因
    authority: Mapped[str] = mapped_column(String(200))  # 认定机关
    basis_doc_no: Mapped[str] = mapped_column(String(200))  # 认定依据文号
    severity: Mapped[str | None] = mapped_column(String(4))  # 轻微 / 一般 / 严重
    remarks: Mapped[str | None] = mapped_column(Text)
    withheld_reason: Mapped[str | None] = mapped_column(String(20))  # "minor": never published


class Commitment(ProvenanceColumns, Base):
    """信用承诺: a subject's public credit commitment, e.g. before an approval (告知承诺)."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    subject_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    commitment_no: Mapped[str | None] = mapped_column(String(100))  # 承诺书编号
    commitment_type: Mapped[str] = mapped_column(String(30))  # 承诺类型
    matter: Mapped[str] = mapped_column(String(300))  # 承诺事项
    content: Mapped[str | None] = mapped_column(Text)  # 承诺内容
    committed_on: Mapped[date] = mapped_column(Date, index=True)  # 承诺日期
    recipient: Mapped[str] = mapped_column(String(200))  # 承诺受理单位
    fulfilment: Mapped[str | None] = mapped_column(String(30))  # 履约状态
    remarks: Mapped[str | None] = mapped_column(Text)


class JointCase(ProvenanceColumns, Base):
    """联合奖惩案例: a reward or punishment applied across departments, reported monthly."""

    __tablename__ = "joint_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))  # 案例名称
    case_kind: Mapped[str] = mapped_column(String(10))  # 守信激励 / 失信惩戒
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    subject_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    list_name: Mapped[str | None] = mapped_column(String(100))  # 所涉名单
    measures: Mapped[str] = mapped_column(Text)  # 奖惩措施
    description: Mapped[str | None] = mapped_column(Text)  # 案例描述
    implemented_on: Mapped[date] = mapped_column(Date, index=True)  # 实施日期
    implementing_unit: Mapped[str] = mapped_column(String(200))  # 实施单位
    reporting_unit: Mapped[str] = mapped_column(String(200))  # 报送单位

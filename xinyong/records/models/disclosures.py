"""双公示 records: administrative licences and penalties, every field of the national layout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base
from xinyong.records.models.common import ProvenanceColumns, SubjectColumns

# 万元 with 6 decimal places (= 0.01 元) and no cap on the integer part (domain.md §1.1).
Amount = Numeric(24, 6)


class Penalty(SubjectColumns, ProvenanceColumns, Base):
    """行政处罚."""

    __tablename__ = "penalties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_no: Mapped[str] = mapped_column(String(200), index=True)  # 行政处罚决定书文号
    violation_type: Mapped[str | None] = mapped_column(Text)  # 违法行为类型
    facts: Mapped[str | None] = mapped_column(Text)  # 违法事实
    basis: Mapped[str | None] = mapped_column(Text)  # 处罚依据
    categories: Mapped[str] = mapped_column(String(200))  # 处罚类别, ";"-joined
    content: Mapped[str | None] = mapped_column(Text)  # 处罚内容
    fine_amount: Mapped[Decimal | None] = mapped_column(Amount)  # 罚款金额（万元）
    # True: the amount column was empty and the fine was read from 处罚内容 (values.extract_fine)
    fine_from_content: Mapped[bool | None] = mapped_column(Boolean)
    confiscated_amount: Mapped[Decimal | None] = mapped_column(Amount)
    licence_affected: Mapped[str | None] = mapped_column(Text)  # 暂扣或吊销证照名称及编号
    decision_date: Mapped[date] = mapped_column(Date, index=True)  # 处罚决定日期
    valid_until: Mapped[date | None] = mapped_column(Date)  # 处罚有效期
    publish_until: Mapped[date | None] = mapped_column(Date)  # 公示截止期
    authority: Mapped[str] = mapped_column(String(200), index=True)  # 处罚机关
    authority_uscc: Mapped[str | None] = mapped_column(String(18))
    source_dept: Mapped[str | None] = mapped_column(String(200))  # 数据来源单位
    source_dept_uscc: Mapped[str | None] = mapped_column(String(18))
    remarks: Mapped[str | None] = mapped_column(Text)  # 备注
    # Legacy (2015–16) layout only.
    legacy_title: Mapped[str | None] = mapped_column(String(500))  # 处罚名称
    legacy_status: Mapped[str | None] = mapped_column(String(50))  # 当前状态
    legacy_region: Mapped[str | None] = mapped_column(String(12))  # 地方编码
    # Publication rules (severity 轻微/一般/严重 and the rule version it was decided under).
    severity: Mapped[str | None] = mapped_column(String(4))
    rule_version: Mapped[str | None] = mapped_column(String(20))
    withheld_reason: Mapped[str | None] = mapped_column(String(20))  # "minor": never published
    # Derived by records/publication/rules.py from the rules, never delivered by a department.
    publication_start: Mapped[date | None] = mapped_column(Date)
    publication_end: Mapped[date | None] = mapped_column(Date)  # the maximum: stops by itself
    repair_from: Mapped[date | None] = mapped_column(Date)  # the minimum: repair may be asked
    early_repair: Mapped[bool | None] = mapped_column(Boolean)
    # Not indexed: six values, and an index on it lured SQLite away from subject_id (137 ms a
    # search page at 1M instead of a few); the daily refresh scans the table once anyway.
    publication_state: Mapped[str | None] = mapped_column(String(4))
    # Set by the repair and objection procedures.
    repaired_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    objection_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Licence(SubjectColumns, ProvenanceColumns, Base):
    """行政许可."""

    __tablename__ = "licences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_name: Mapped[str | None] = mapped_column(String(300))  # 行政许可决定文书名称
    decision_no: Mapped[str] = mapped_column(String(200), index=True)  # 行政许可决定文书号
    category: Mapped[str | None] = mapped_column(String(20))  # 许可类别
    category_detail: Mapped[str | None] = mapped_column(String(100))  # the kind named by 其他
    cert_name: Mapped[str | None] = mapped_column(String(300))  # 许可证书名称
    licence_no: Mapped[str | None] = mapped_column(String(200), index=True)  # 许可编号
    content: Mapped[str | None] = mapped_column(Text)  # 许可内容
    decision_date: Mapped[date] = mapped_column(Date, index=True)  # 许可决定日期
    valid_from: Mapped[date | None] = mapped_column(Date)  # 有效期自
    valid_to: Mapped[date | None] = mapped_column(Date)  # 有效期至 (None when open-ended)
    open_ended: Mapped[bool] = mapped_column(Boolean, default=False)  # 2099-12-31 / 9999-9-9
    authority: Mapped[str] = mapped_column(String(200), index=True)  # 许可机关
    authority_uscc: Mapped[str | None] = mapped_column(String(18))
    status: Mapped[str | None] = mapped_column(String(50))  # 当前状态
    source_dept: Mapped[str | None] = mapped_column(String(200))
    source_dept_uscc: Mapped[str | None] = mapped_column(String(18))
    remarks: Mapped[str | None] = mapped_column(Text)
    legacy_title: Mapped[str | None] = mapped_column(String(500))  # 项目名称
    legacy_approval_kind: Mapped[str | None] = mapped_column(String(50))  # 审批类别
    legacy_region: Mapped[str | None] = mapped_column(String(12))
    withheld_reason: Mapped[str | None] = mapped_column(String(20))  # "minor": never published

"""Administration: the tables the city credit office edits — working-day overrides, publication
periods and severity rules, memoranda and their joint measures.

One small generic editor (list, add, change, delete) over a declared list of fields, so each
table gets the same validation, Chinese messages and audit entries (before/after values).
Editing a rule table flags the rules as changed; the next `xinyong publish refresh` (which
`xinyong maintain` runs every round) re-derives every penalty's window and state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from xinyong.records.audit import log_action, values_of
from xinyong.records.models import (
    CalendarOverride,
    Department,
    JointMeasure,
    ListType,
    MinorPublicationOptIn,
    PublicationPeriod,
    SeverityRule,
)
from xinyong.records.publication.refresh import mark_rules_changed
from xinyong.records.publication.rules import SEVERITIES
from xinyong.records.reference.districts import LEVELS
from xinyong.records.workdays import deadline_text
from xinyong.site.admin.auth import admin_blueprint, client_ip, current_operator, require_roles
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin_tables", "/admin/tables")
# Working-day deadlines (repair, objections) on every page: 预计 in years without a notice.
blueprint.add_app_template_global(deadline_text, "deadline_text")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line | text | date | bool | int | decimal | choice
    required: bool = True
    choices: tuple[str, ...] = ()
    maximum: int | None = None  # int fields: the largest value allowed


@dataclass(frozen=True)
class Table:
    model: type
    title: str
    fields: tuple[Field, ...]
    order: tuple[str, ...]
    rules: bool = False  # editing changes the publication rules


TABLES = {
    "calendar": Table(
        CalendarOverride,
        "工作日调整",
        (
            Field("day", "日期", "date"),
            Field("is_working_day", "是否工作日", "bool", required=False),
            Field("note", "说明", required=False),
        ),
        ("day",),
    ),
    "periods": Table(
        PublicationPeriod,
        "公示期限",
        (
            Field("rule_version", "规则版本"),
            Field("severity", "失信程度", "choice", choices=SEVERITIES),
            Field("effective_from", "适用于此日起的决定", "date"),
            Field("min_months", "最短公示期（月）", "int"),
            Field("max_months", "最长公示期（月）", "int"),
            Field("source", "依据"),
        ),
        ("effective_from", "severity"),
        rules=True,
    ),
    "severity": Table(
        SeverityRule,
        "失信程度认定规则",
        (
            Field("position", "顺序", "int"),
            Field("categories", "处罚类别（以;分隔）", required=False),
            Field("all_categories", "仅含上述类别", "bool", required=False),
            Field("domains", "领域代码（以;分隔）", required=False),
            Field("min_fine", "罚款金额不低于（万元）", "decimal", required=False),
            Field("severity", "失信程度", "choice", choices=SEVERITIES),
            Field("early_repair", "可提前修复", "bool", required=False),
            Field("note", "说明", "text", required=False),
        ),
        ("position", "id"),
        rules=True,
    ),
    "measures": Table(
        JointMeasure,
        "联合奖惩措施",
        (
            Field("memorandum", "备忘录名称"),
            Field("document_no", "文号", required=False),
            Field("list_type_code", "名单代码"),
            Field("approval_type_code", "审批事项代码"),
            Field("kind", "类型", "choice", choices=("restrict", "incentive")),
            Field("measure", "措施内容", "text"),
        ),
        ("list_type_code", "approval_type_code", "id"),
    ),
    # Where a department sits (records/reference/districts.py derives it from the name on import; empty
    # 所属区 and 层级 = 未分区 on the pilot dashboard).
    "departments": Table(
        Department,
        "部门所属区",
        (
            Field("name", "部门名称"),
            Field("district_code", "所属区代码（如 420102、DHGX）", required=False),
            Field(
                "level",
                "层级（district 区 / city 市本级 / province 省级；空 = 未分区）",
                "choice",
                required=False,
                choices=LEVELS,
            ),
            Field("domain_code", "所属领域代码", required=False),
        ),
        ("name",),
    ),
    # List periods (期满移出): editing one re-derives every entry's expiry on the next refresh.
    "list_types": Table(
        ListType,
        "名单类型与期限",
        (
            Field("code", "代码"),
            Field("name", "名称"),
            Field("color", "类别", "choice", choices=("red", "black", "watch")),
            Field("default_period_months", "期限（月；空 = 无期限）", "int", required=False),
            Field("description", "说明", "text", required=False),
        ),
        ("sort_order", "code"),
        rules=True,
    ),
    # 令第36号: 轻微 penalties are published only where a department opts in, for at most 3 months.
    "minor_opt_ins": Table(
        MinorPublicationOptIn,
        "轻微失信信息公示（部门选择）",
        (
            Field("department_id", "部门编号", "int"),
            Field("categories", "处罚类别（以;分隔；空 = 全部）", required=False),
            Field("months", "公示期（月，最长 3）", "int", maximum=3),
            Field("effective_from", "适用于此日起的决定", "date"),
            Field("effective_to", "适用至（空 = 长期）", "date", required=False),
            Field("note", "说明", "text", required=False),
        ),
        ("department_id", "id"),
        rules=True,
    ),
}


def _table(name: str) -> Table:
    if name not in TABLES:
        abort(404)
    return TABLES[name]


def _key_of(row: Any) -> str:
    return "|".join(str(v) for v in inspect(row).identity)


def _row_or_404(table: Table, key: str) -> Any:
    columns = inspect(table.model).primary_key
    parts = key.split("|")
    if len(parts) != len(columns):
        abort(404)
    try:
        ident = tuple(
            date.fromisoformat(p) if c.type.python_type is date else c.type.python_type(p)
            for p, c in zip(parts, columns, strict=True)
        )
    except (TypeError, ValueError):
        abort(404)
    row = db_session().get(table.model, ident)
    if row is None:
        abort(404)
    return row


def parse(field: Field, raw: str | None) -> Any:
    """The form value as a column value; raises ValueError with a message for the page."""
    text = (raw or "").strip()
    if field.kind == "bool":
        return raw == "on"
    if not text:
        if field.required:
            raise ValueError(f"请填写“{field.label}”")
        return None
    try:
        if field.kind == "date":
            return date.fromisoformat(text)
        if field.kind == "int":
            value = int(text)
            if value < 0:
                raise ValueError
        if field.kind == "decimal":
            return Decimal(text)
    except (ValueError, InvalidOperation):
        raise ValueError(f"“{field.label}”的格式不正确：{text}") from None
    if field.kind == "int":
        if field.maximum is not None and value > field.maximum:
            raise ValueError(f"“{field.label}”不能超过 {field.maximum}：{text}")
        return value
    if field.kind == "choice" and text not in field.choices:
        raise ValueError(f"“{field.label}”只能是 {'、'.join(field.choices)}")
    return text[:2000]


@blueprint.get("/")
@require_roles("platform")
def index():
    return render_template("admin/tables.html", tables=TABLES)


@blueprint.get("/<name>")
@require_roles("platform")
def rows(name: str):
    table = _table(name)
    found = (
        db_session()
        .scalars(select(table.model).order_by(*(getattr(table.model, c) for c in table.order)))
        .all()
    )
    return render_template("admin/table.html", name=name, table=table, rows=found, key_of=_key_of)


@blueprint.route("/<name>/new", methods=["GET", "POST"], defaults={"key": None})
@blueprint.route("/<name>/<path:key>/edit", methods=["GET", "POST"])
@require_roles("platform")
def edit(name: str, key: str | None):
    table, s = _table(name), db_session()
    row = _row_or_404(table, key) if key else None
    names = [f.name for f in table.fields]
    errors: list[str] = []
    if request.method == "POST":
        values = {}
        for field in table.fields:
            try:
                values[field.name] = parse(field, request.form.get(field.name))
            except ValueError as exc:
                errors.append(str(exc))
        if not errors:
            before = values_of(row, names) if row is not None else None
            row = row or table.model()
            for k, v in values.items():
                setattr(row, k, v)
            s.add(row)
            try:
                s.flush()
            except IntegrityError:
                s.rollback()
                errors.append("与已有记录重复（或引用的代码不存在），未保存")
            else:
                return _saved(
                    table, name, "table_edit" if before else "table_add", row, before, values_of(row, names)
                )
    return render_template(
        "admin/row.html",
        name=name,
        table=table,
        row=row,
        errors=errors,
        form=request.form if request.method == "POST" else None,
    ), 400 if errors else 200


@blueprint.post("/<name>/<path:key>/delete")
@require_roles("platform")
def delete(name: str, key: str):
    table = _table(name)
    row = _row_or_404(table, key)
    before = values_of(row, [f.name for f in table.fields])
    db_session().delete(row)
    return _saved(table, name, "table_delete", row, before, None)


def _saved(table: Table, name: str, action: str, row: Any, before: dict | None, after: dict | None):
    s = db_session()
    log_action(
        s,
        current_operator().username,
        action,
        f"{name}:{_key_of(row)}",
        before=before,
        after=after,
        ip=client_ip(),
    )
    if table.rules:
        mark_rules_changed(current_app.config["XINYONG"].instance_dir)
    s.commit()
    flash("已保存" + ("；公示期限将按新规则重新计算" if table.rules else ""), "ok")
    return redirect(url_for("admin_tables.rows", name=name))

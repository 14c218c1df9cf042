"""Chinese words for the codes the system stores (record types, batch states, audit actions and
targets, counter-check states): one place, so no page shows `penalty`, `completed`,
`widget_key_create` or `NO_RECORD` to a reader. Codes stay in the API and in CSV machine columns;
a CSV that carries a code also gets a Chinese column from here.

Existing maps are reused, not copied: record types from the catalog, check states from
`checks.STATE_LABELS`, list colours from `listings.COLORS`, roles from the operator model.
An unknown code is shown as itself (a new action must never make a page fail).
"""

from __future__ import annotations

from xinyong.records.catalog import RECORD_TYPES
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.records.display.lists import COLORS
from xinyong.records.models.admin import ROLES

BATCH_STATUS = {"completed": "已完成", "failed": "失败", "running": "进行中"}

AUDIT_ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "password_change": "修改密码",
    "password_change_failed": "修改密码失败",
    "operator_create": "创建账号",
    "operator_deactivate": "停用账号",
    "operator_password": "重设密码",
    "operator_unlock": "解除登录等待",
    "widget_key_create": "创建核查密钥",
    "widget_key_rotate": "更换核查密钥",
    "widget_key_revoke": "吊销核查密钥",
    "widget_login": "核查窗口登录",
    "widget_login_failed": "核查窗口登录失败",
    "counter_person_limit": "经办人核查自然人超出每日上限",
    "delegation_grant": "授权代报",
    "delegation_revoke": "撤销代报授权",
    "push_export": "导出推送批次",
    "push_ack": "确认推送批次",
    "batch_upload": "上传数据文件",
    "batch_upload_failed": "上传数据文件失败",
    "table_add": "新增规则",
    "table_edit": "修改规则",
    "table_delete": "删除规则",
    "list_entry_remove": "移出名单",
    "penalty_withdraw": "撤回行政处罚",
    "licence_withdraw": "撤回行政许可",
    "repair_accept": "受理信用修复申请",
    "repair_refuse": "不予受理信用修复申请",
    "repair_decide": "作出信用修复决定",
    "objection_accept": "受理异议申请",
    "objection_refuse": "不予受理异议申请",
    "objection_decide": "作出异议处理决定",
}

# The part of an audit target before the colon: what kind of thing was acted on.
TARGET_KINDS = {
    **RECORD_TYPES,
    "operator": "账号",
    "widget_key": "核查密钥",
    "service_centre": "政务服务中心",
    "delegation": "代报授权",
    "push_batch": "推送批次",
    "batch": "归集批次",
    "repair": "信用修复申请",
    "objection": "异议申请",
    "calendar": "工作日调整",
    "periods": "公示期限",
    "severity": "失信程度认定规则",
    "measures": "联合奖惩措施",
    "departments": "部门所属区",
    "list_types": "名单类型与期限",
    "minor_opt_ins": "轻微失信信息公示",
    "counter": "经办人",
}

# Column names shown as table headings in administration (the catalog's national labels).
FIELDS = {
    "list_type_code": "名单类型",
    "entered_on": "列入日期",
    "removed_on": "移出日期",
    "authority": "认定机关",
    "matter": "承诺事项",
    "committed_on": "承诺日期",
    "recipient": "承诺受理单位",
    "fulfilment": "履约状态",
    "title": "案例名称",
    "case_kind": "案例类型",
    "implemented_on": "实施日期",
}

GROUPS: dict[str, dict[str, str]] = {
    "record_type": RECORD_TYPES,
    "batch_status": BATCH_STATUS,
    "audit_action": AUDIT_ACTIONS,
    "check_state": STATE_LABELS,
    "list_color": COLORS,
    "role": ROLES,
    "field": FIELDS,
}


def label(group: str, code: str | None, empty: str = "—") -> str:
    """The Chinese word for `code` in `group`; the code itself when none is known."""
    if code is None or code == "":
        return empty
    return GROUPS.get(group, {}).get(code, code)


def target_label(target: str | None) -> str:
    """`widget_key:xk_ab12` → 核查密钥 xk_ab12; `penalty:42` → 行政处罚 42."""
    if not target:
        return "—"
    kind, sep, rest = target.partition(":")
    if not sep or kind not in TARGET_KINDS:
        return target
    return f"{TARGET_KINDS[kind]} {rest}"

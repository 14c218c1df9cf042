# ruff: noqa: E501 - the API document is data; its Chinese descriptions read better unbroken
"""The OpenAPI 3 document of API v1, and a readable page generated from it (/api/docs)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

blueprint = Blueprint("openapi", __name__)

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "status", "message"],
            "properties": {
                "code": {"type": "string"},
                "status": {"type": "integer"},
                "message": {"type": "string"},
            },
        }
    },
}
_OBJECT = {"type": "object"}
STATES = ["NO_RECORD", "INCENTIVE", "HIT", "CAUTION", "AMBIGUOUS", "NOT_IDENTIFIED", "ERROR"]


def _q(name: str, description: str, *, required: bool = False, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _path(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def _responses(ok: dict, *errors: int, ok_status: str = "200") -> dict:
    out: dict[str, Any] = {
        ok_status: {"description": "成功", "content": {"application/json": {"schema": ok}}}
    }
    for status in errors:
        out[str(status)] = {"description": "错误", "content": {"application/json": {"schema": _ERROR}}}
    return out


_PAGE = _q("page", "页码，从 1 开始", schema={"type": "integer", "minimum": 1})
_LIST_FILTERS = [  # records/display/lists.py: the same filters as /lists and its downloads
    _q("color", "名单类别", schema={"type": "string", "enum": ["red", "black", "watch"]}),
    _q("severity", "失信严重程度", schema={"type": "string", "enum": ["轻微", "一般", "严重"]}),
    _q("department", "数据来源部门编号", schema={"type": "integer"}),
    _q("district", "所属区代码"),
    _q("from", "列入日期起（年-月-日）", schema={"type": "string", "format": "date"}),
    _q("to", "列入日期止（年-月-日）", schema={"type": "string", "format": "date"}),
    _q("q", "关键词：名称、代码、文号、原因、认定机关", schema={"type": "string", "maxLength": 100}),
]
_SESSION_OR_SECRET = [{"counterSession": []}, {"secretKey": []}]
_SECRET = [{"secretKey": []}]
_CREDENTIALS = (
    "可公开密钥 xk_…（写在网页中）本身不能调用任何接口，单独使用返回 401 counter_session_required。"
    "私密密钥 xs_…（只在服务中心系统的服务端保存）可签发柜台会话、核查（须在请求体中注明 operator）并读取核查记录；"
    "从浏览器（带 Origin 请求头）使用私密密钥返回 403 secret_key_in_browser。"
    "柜台会话令牌 xt_…（最长 900 秒，绑定中心、密钥、来源网站和经办人）只能核查，不能读取核查记录；"
    "密钥停用或私密密钥更换后即刻失效。凭据只放在 Authorization: Bearer 请求头（或 X-API-Key），从不放在网址中。"
)

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "信用武汉 公共信用信息 API",
        "version": "1.0.0",
        "description": "公开查询接口按 IP 限流。" + _CREDENTIALS,
    },
    "components": {
        "securitySchemes": {
            "secretKey": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "xs_…",
                "description": "服务中心的私密密钥：签发柜台会话、服务端直接核查、读取核查记录",
            },
            "counterSession": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "xt_…",
                "description": "柜台会话令牌：只能核查，最长 900 秒",
            },
        }
    },
    "paths": {
        "/api/v1/search": {
            "get": {
                "summary": "查询信用主体（名称、字号、拼音、代码、文号）",
                "parameters": [
                    _q("q", "查询内容（最多100字）", required=True),
                    _PAGE,
                    _q(
                        "page_size",
                        "每页条数（1–50）",
                        schema={"type": "integer", "minimum": 1, "maximum": 50},
                    ),
                    _q("district", "区划代码"),
                    _q("domain", "行业领域代码"),
                    _q("kind", "主体类别"),
                ],
                "responses": _responses(
                    {
                        "type": "object",
                        "required": ["total", "results"],
                        "properties": {
                            "total": {"type": "integer"},
                            "results": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "uscc": {"type": "string", "nullable": True},
                                        "name": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                    400,
                    404,
                    429,
                    503,
                ),
            }
        },
        "/api/v1/suggest": {
            "get": {
                "summary": "输入提示（最多10条）",
                "parameters": [_q("q", "已输入的内容")],
                "responses": _responses(
                    {"type": "object", "properties": {"suggestions": {"type": "array", "items": _OBJECT}}},
                    429,
                    503,
                ),
            }
        },
        "/api/v1/records": {
            "get": {
                "summary": "查询行政许可、行政处罚、名单信息；scope=facts 在违法事实中全文查找",
                "parameters": [
                    _q("q", "查询内容"),
                    _q("scope", "all 或 facts", schema={"type": "string", "enum": ["all", "facts"]}),
                    _PAGE,
                ],
                "responses": _responses(
                    {
                        "type": "object",
                        "properties": {
                            "total": {"type": "integer"},
                            "results": {"type": "array", "items": _OBJECT},
                        },
                    },
                    400,
                    404,
                    429,
                    503,
                ),
            }
        },
        "/api/v1/subjects/{code}": {
            "get": {
                "summary": "信用档案：状态说明及在公示期内的各类信息",
                "parameters": [_path("code", "统一社会信用代码")],
                "responses": _responses(
                    {"type": "object", "required": ["subject", "status_line", "sections"]}, 404, 429
                ),
            }
        },
        "/api/v1/lists": {
            "get": {
                "summary": "红黑名单：各类在列数量及筛选后的在列主体（与 /lists 相同的条件）",
                "parameters": [*_LIST_FILTERS, _q("type", "名单代码"), _PAGE],
                "responses": _responses(
                    {"type": "object", "required": ["lists", "total", "entries"]}, 400, 404, 429
                ),
            }
        },
        "/api/v1/lists/{code}": {
            "get": {
                "summary": "某类名单的在列主体",
                "parameters": [_path("code", "名单代码"), *_LIST_FILTERS, _PAGE],
                "responses": _responses({"type": "object", "required": ["total", "entries"]}, 400, 404, 429),
            }
        },
        "/api/v1/counter-sessions": {
            "post": {
                "summary": "签发柜台会话（服务中心系统的服务端以私密密钥调用）",
                "security": _SECRET,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["operator"],
                                "properties": {
                                    "operator": {
                                        "type": "string",
                                        "maxLength": 50,
                                        "description": "经办人工号或姓名，记入每张回执",
                                    },
                                    "origin": {
                                        "type": "string",
                                        "description": "使用会话的网页来源，须为密钥允许的来源之一；缺省为第一个",
                                    },
                                    "expires_in": {
                                        "type": "integer",
                                        "minimum": 60,
                                        "maximum": 900,
                                        "description": "有效秒数，缺省 900",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": _responses(
                    {
                        "type": "object",
                        "required": ["token", "expires_in"],
                        "properties": {
                            "token": {"type": "string"},
                            "expires_in": {"type": "integer", "maximum": 900},
                            "operator": {"type": "string"},
                            "origin": {"type": "string"},
                        },
                    },
                    400,
                    401,
                    403,
                    429,
                    ok_status="201",
                ),
            }
        },
        "/api/v1/checks": {
            "post": {
                "summary": "信用核查（政务服务窗口）：柜台会话，或私密密钥并注明 operator",
                "security": _SESSION_OR_SECRET,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["approval_type"],
                                "properties": {
                                    "query": {
                                        "type": "string",
                                        "maxLength": 100,
                                        "description": "名称、统一社会信用代码，或自然人姓名（须同时填写 id_number）",
                                    },
                                    "approval_type": {
                                        "type": "string",
                                        "description": "审批事项代码，如 gov_procurement",
                                    },
                                    "id_number": {
                                        "type": "string",
                                        "description": "自然人身份证号码：核查自然人时必填（仅凭姓名不能核查自然人）；只用于比对，不回显、不保存全文",
                                    },
                                    "operator": {
                                        "type": "string",
                                        "maxLength": 50,
                                        "description": "经办人：使用私密密钥时必填；柜台会话以会话绑定的经办人为准",
                                    },
                                    "operator_ref": {
                                        "type": "string",
                                        "maxLength": 50,
                                        "description": "operator 的旧名称",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    **_responses(
                        {
                            "type": "object",
                            "required": ["state", "explanation", "receipt"],
                            "properties": {
                                "state": {"type": "string", "enum": STATES},
                                "receipt": {
                                    "type": "object",
                                    "properties": {"number": {"type": "string"}, "code": {"type": "string"}},
                                },
                            },
                        },
                        400,
                        401,
                        403,
                        429,
                        ok_status="201",
                    ),
                    "503": {
                        "description": "核查未完成（state 为 ERROR）",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"state": {"type": "string", "enum": ["ERROR"]}},
                                }
                            }
                        },
                    },
                },
            },
            "get": {
                "summary": "本服务中心的核查记录（查询留痕）：仅私密密钥或已登录的中心/平台管理员；可公开密钥和柜台会话返回 401",
                "security": _SECRET,
                "parameters": [
                    _q("from", "开始日期 YYYY-MM-DD", schema={"type": "string", "format": "date"}),
                    _q("to", "结束日期 YYYY-MM-DD", schema={"type": "string", "format": "date"}),
                    _q("state", "核查结论", schema={"type": "string", "enum": STATES}),
                    _q("approval_type", "审批事项代码"),
                    _q("centre", "服务中心编号（仅已登录的平台管理员）", schema={"type": "integer"}),
                ],
                "responses": _responses(
                    {
                        "type": "object",
                        "required": ["total", "checks"],
                        "properties": {
                            "total": {"type": "integer"},
                            "checks": {"type": "array", "items": _OBJECT},
                            "operators_over_limit": {"type": "array", "items": _OBJECT},
                        },
                    },
                    400,
                    401,
                    403,
                    429,
                ),
            },
        },
        "/api/v1/receipts/{number}": {
            "get": {
                "summary": "验证核查回执",
                "parameters": [_path("number", "回执编号"), _q("code", "回执校验码", required=True)],
                "responses": _responses({"type": "object", "required": ["number", "state"]}, 404),
            }
        },
    },
}


@blueprint.get("/api/v1/openapi.json")
def document():
    return jsonify(SPEC)


@blueprint.get("/api/docs")
def docs():
    return render_template("public/api_docs.html", spec=SPEC)


from xinyong.site.api.openapi_batches import PATHS as _BATCH_PATHS  # noqa: E402 - uses the helpers above

SPEC["paths"].update(_BATCH_PATHS)

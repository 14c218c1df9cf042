# ruff: noqa: E501 - the API document is data; its Chinese descriptions read better unbroken
"""The OpenAPI paths of batch checks (批量核查), merged into openapi.SPEC."""

from __future__ import annotations

from typing import Any

from xinyong.site.api.openapi import _OBJECT, _SECRET, _SESSION_OR_SECRET, STATES, _path, _q, _responses

_SUBJECT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 200, "description": "名称（单位名称，或自然人姓名）"},
        "uscc": {
            "type": "string",
            "description": "统一社会信用代码（或注册号、组织机构代码；自然人填身份证号码，只用于比对，不回显、不保存全文）",
        },
        "id_number": {"type": "string", "description": "自然人身份证号码（也可填在 uscc 中）"},
    },
}
_LINE = {
    "type": "object",
    "required": ["row", "state"],
    "properties": {
        "row": {"type": "integer"},
        "state": {"type": "string", "enum": STATES},
        "state_label": {"type": "string"},
        "name": {"type": "string"},
        "code": {"type": "string"},
        "message": {"type": "string", "nullable": True, "description": "该行未能核查或需要核对的原因"},
        "measures": {"type": "array", "items": _OBJECT},
        "penalties": {"type": "array", "items": _OBJECT},
        "receipt": {"type": "object", "description": "该行作为一次普通核查的回执"},
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/batches": {
        "post": {
            "summary": "批量核查（招标投标、政府采购的全部投标人）：一次最多 1000 个主体，每个主体计一次核查；柜台会话，或私密密钥并注明 operator",
            "security": _SESSION_OR_SECRET,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["approval_type", "subjects"],
                            "properties": {
                                "approval_type": {"type": "string"},
                                "operator": {"type": "string", "maxLength": 50},
                                "title": {
                                    "type": "string",
                                    "maxLength": 200,
                                    "description": "项目名称，记入回执",
                                },
                                "subjects": {"type": "array", "maxItems": 1000, "items": _SUBJECT},
                            },
                        }
                    },
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["approval_type", "file"],
                            "properties": {
                                "file": {
                                    "type": "string",
                                    "format": "binary",
                                    "description": "CSV（UTF-8 或 GBK）或 XLSX，最大 2 MB；第一行为表头：名称、统一社会信用代码",
                                },
                                "approval_type": {"type": "string"},
                                "operator": {"type": "string"},
                                "title": {"type": "string"},
                            },
                        }
                    },
                },
            },
            "responses": {
                **_responses(
                    {
                        "type": "object",
                        "required": ["batch", "lines"],
                        "properties": {
                            "batch": {
                                "type": "object",
                                "properties": {
                                    "number": {"type": "string"},
                                    "code": {"type": "string"},
                                    "rows": {"type": "integer"},
                                    "counts": _OBJECT,
                                },
                            },
                            "lines": {"type": "array", "items": _LINE},
                        },
                    },
                    400,
                    401,
                    403,
                    413,
                    429,
                    ok_status="201",
                ),
                "503": {
                    "description": "核查未完成：每一行均为 ERROR，不出具回执、不留存",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "state": {"type": "string", "enum": ["ERROR"]},
                                    "lines": {"type": "array", "items": _LINE},
                                },
                            }
                        }
                    },
                },
            },
        }
    },
    "/api/v1/batches/{number}": {
        "get": {
            "summary": "本中心的一次批量核查（完整结果）；号码后加 .xlsx 下载 XLSX。其他中心返回 404",
            "security": [*_SESSION_OR_SECRET, *_SECRET],
            "parameters": [_path("number", "批量核查回执编号 XYPL-…")],
            "responses": _responses({"type": "object", "required": ["number", "lines"]}, 401, 404),
        }
    },
    "/api/v1/batch-receipts/{number}": {
        "get": {
            "summary": "公开验证批量核查回执：各行的名称、代码和核查结论（自然人证件号码只显示掩码）",
            "parameters": [_path("number", "批量核查回执编号"), _q("code", "回执校验码", required=True)],
            "responses": _responses({"type": "object", "required": ["number", "lines"]}, 404),
        }
    },
}

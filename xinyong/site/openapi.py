# ruff: noqa: E501 - the API document is data; its Chinese descriptions read better unbroken
"""The OpenAPI 3 document of API v1, and a readable page generated from it (/api/docs)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

blueprint = Blueprint("openapi", __name__)

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "status", "message"],
    "properties": {"code": {"type": "string"}, "status": {"type": "integer"},
                   "message": {"type": "string"}}}}}
_OBJECT = {"type": "object"}
STATES = ["NO_RECORD", "INCENTIVE", "HIT", "CAUTION", "AMBIGUOUS", "NOT_IDENTIFIED", "ERROR"]


def _q(name: str, description: str, *, required: bool = False, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


def _responses(ok: dict, *errors: int, ok_status: str = "200") -> dict:
    out: dict[str, Any] = {ok_status: {"description": "成功", "content": {"application/json": {"schema": ok}}}}
    for status in errors:
        out[str(status)] = {"description": "错误", "content": {"application/json": {"schema": _ERROR}}}
    return out


_PAGE = _q("page", "页码，从 1 开始", schema={"type": "integer", "minimum": 1})
_KEY = [{"apiKey": []}]

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "信用武汉 公共信用信息 API", "version": "1.0.0",
             "description": "公开查询接口按 IP 限流；信用核查与核查记录需要 X-API-Key（由信用办分配，绑定来源网站）。"},
    "components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
    "paths": {
        "/api/v1/search": {"get": {
            "summary": "查询信用主体（名称、字号、拼音、代码、文号）",
            "parameters": [_q("q", "查询内容（最多100字）", required=True), _PAGE,
                           _q("page_size", "每页条数（1–50）", schema={"type": "integer", "minimum": 1,
                                                                       "maximum": 50}),
                           _q("district", "区划代码"), _q("domain", "行业领域代码"), _q("kind", "主体类别")],
            "responses": _responses({"type": "object", "required": ["total", "results"], "properties": {
                "total": {"type": "integer"}, "results": {"type": "array", "items": {
                    "type": "object", "properties": {"uscc": {"type": "string", "nullable": True},
                                                     "name": {"type": "string"}}}}}}, 400, 404, 429, 503)}},
        "/api/v1/suggest": {"get": {
            "summary": "输入提示（最多10条）", "parameters": [_q("q", "已输入的内容")],
            "responses": _responses({"type": "object", "properties": {
                "suggestions": {"type": "array", "items": _OBJECT}}}, 429, 503)}},
        "/api/v1/records": {"get": {
            "summary": "查询行政许可、行政处罚、名单信息；scope=facts 在违法事实中全文查找",
            "parameters": [_q("q", "查询内容"), _q("scope", "all 或 facts", schema={
                "type": "string", "enum": ["all", "facts"]}), _PAGE],
            "responses": _responses({"type": "object", "properties": {
                "total": {"type": "integer"}, "results": {"type": "array", "items": _OBJECT}}},
                400, 404, 429, 503)}},
        "/api/v1/subjects/{code}": {"get": {
            "summary": "信用档案：状态说明及在公示期内的各类信息", "parameters": [_path("code", "统一社会信用代码")],
            "responses": _responses({"type": "object", "required": ["subject", "status_line", "sections"]},
                                    404, 429)}},
        "/api/v1/lists": {"get": {"summary": "红黑名单类别及在列数量",
                                  "responses": _responses({"type": "object"}, 429)}},
        "/api/v1/lists/{code}": {"get": {
            "summary": "某类名单的在列主体", "parameters": [_path("code", "名单代码"), _PAGE],
            "responses": _responses({"type": "object", "required": ["total", "entries"]}, 400, 404, 429)}},
        "/api/v1/checks": {
            "post": {
                "summary": "信用核查（政务服务窗口）", "security": _KEY,
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["approval_type"], "properties": {
                        "query": {"type": "string", "maxLength": 100, "description": "名称或统一社会信用代码"},
                        "approval_type": {"type": "string", "description": "审批事项代码，如 gov_procurement"},
                        "id_number": {"type": "string", "description": "自然人证件号码（只用于比对，不回显、不保存全文）"},
                        "operator_ref": {"type": "string", "maxLength": 100}}}}}},
                "responses": {
                    **_responses({"type": "object", "required": ["state", "explanation", "receipt"],
                                  "properties": {"state": {"type": "string", "enum": STATES},
                                                 "receipt": {"type": "object", "properties": {
                                                     "number": {"type": "string"},
                                                     "code": {"type": "string"}}}}},
                                 400, 401, 403, 429, ok_status="201"),
                    "503": {"description": "核查未完成（state 为 ERROR）",
                            "content": {"application/json": {"schema": {"type": "object", "properties": {
                                "state": {"type": "string", "enum": ["ERROR"]}}}}}}}},
            "get": {
                "summary": "本服务中心的核查记录（查询留痕）", "security": _KEY,
                "parameters": [_q("from", "开始日期 YYYY-MM-DD", schema={"type": "string", "format": "date"}),
                               _q("to", "结束日期 YYYY-MM-DD", schema={"type": "string", "format": "date"}),
                               _q("state", "核查结论", schema={"type": "string", "enum": STATES}),
                               _q("approval_type", "审批事项代码")],
                "responses": _responses({"type": "object", "required": ["total", "checks"]}, 400, 401, 403)}},
        "/api/v1/receipts/{number}": {"get": {
            "summary": "验证核查回执", "parameters": [_path("number", "回执编号"),
                                                 _q("code", "回执校验码", required=True)],
            "responses": _responses({"type": "object", "required": ["number", "state"]}, 404)}},
    },
}


@blueprint.get("/api/v1/openapi.json")
def document():
    return jsonify(SPEC)


@blueprint.get("/api/docs")
def docs():
    return render_template("public/api_docs.html", spec=SPEC)

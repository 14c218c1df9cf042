"""Parsing single cell values: dates, amounts, enumerations, codes, free text.

Each parser takes the raw cell (text, or a date/number from a spreadsheet) and returns the
normalised value or raises `FieldError` with a Chinese reason. They are called for every cell
of every row, so they stay simple and allocation-light (100,000-row files must import at
thousands of rows per second).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from xinyong.records.ingest.readers import Cell


class FieldError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_text(raw: Cell) -> str | None:
    """Trimmed text or None for an empty cell; numbers from spreadsheets without '.0'."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip()
    elif isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, datetime):
        text = raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    else:
        text = str(raw).strip()
    if not text:
        return None
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text or None


def parse_text(raw: Cell, max_length: int | None) -> str | None:
    text = as_text(raw)
    if text is not None and max_length is not None and len(text) > max_length:
        raise FieldError(f"内容过长：{len(text)}字，最多{max_length}字")
    return text


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
DATE_HINT = "应为 2024-05-06、2024/5/6 或 2024.05.06 等格式"


def parse_date(raw: Cell) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _excel_serial(float(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise FieldError(f"日期不存在：{text}") from None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_serial(float(text))
    raise FieldError(f"日期格式无法识别：{text}，{DATE_HINT}")


def _excel_serial(value: float) -> date:
    # Excel stores dates as days since 1899-12-30; 20000..80000 covers 1954..2119.
    if not 20000 <= value <= 80000:
        raise FieldError(f"日期格式无法识别：{value:g}，{DATE_HINT}")
    return date.fromordinal(_EXCEL_EPOCH + int(value))


OPEN_ENDED_WORDS = {"长期", "永久", "长期有效", "无固定期限"}


def parse_open_date(raw: Cell) -> tuple[date | None, bool]:
    """(date, open_ended): licences without an end appear as 2099-12-31 or 9999-9-9."""
    text = as_text(raw)
    if text in OPEN_ENDED_WORDS:
        return None, True
    if isinstance(text, str) and text.startswith("9999"):
        return None, True
    value = parse_date(raw)
    if value is not None and value.year >= 2099:
        return None, True
    return value, False


_AMOUNT_STRIP = re.compile(r"[\s,，]")
MAX_DECIMALS = 6  # 万元 to 0.01 元


def parse_amount(raw: Cell) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = Decimal(repr(raw))
    else:
        text = _AMOUNT_STRIP.sub("", unicodedata.normalize("NFKC", str(raw)))
        if not text:
            return None
        if text.endswith("万元"):
            text = text[:-2]
        elif text.endswith("元"):
            raise FieldError(f"金额单位应为万元：{raw}")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FieldError(f"金额不是有效数字：{raw}") from None
    if not value.is_finite():
        raise FieldError(f"金额不是有效数字：{raw}")
    if value < 0:
        raise FieldError(f"金额不能为负数：{raw}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise FieldError(f"金额最多保留{MAX_DECIMALS}位小数（单位万元，精确到0.01元）：{raw}")
    return value


_FINE_IN_TEXT = re.compile(r"罚款(?:人民币)?\s*([0-9][0-9,，.]*)\s*(万元|元)")
_CN_DIGITS = (
    {c: i for i, c in enumerate("零一二三四五六七八九")}
    | {c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")}
    | {"两": 2}
)
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = "万亿"
_FINE_IN_WORDS = re.compile(
    "罚款(?:人民币)?\\s*([" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG) + "]+)\\s*元"
)


def chinese_number(text: str) -> int | None:
    """An integer written in Chinese numerals, 大写 or 小写: 拾万 → 100000, 壹万贰仟伍佰 → 12500."""
    total = wan = section = digit = 0  # above 亿, the 万 group, below 万, the last digit
    seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            digit, seen = _CN_DIGITS[ch], True
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit, seen = 0, True
        elif ch == "万":
            wan += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + wan + section + digit) * 100_000_000
            wan = section = digit = 0
        else:
            return None
    return total + wan + section + digit if seen else None


def extract_fine(text: str) -> Decimal | None:
    """The fine in 万元 from prose such as '罚款2000元', '罚款人民币1.5万元', '罚款人民币拾万元'
    or '罚款伍仟元' (old-layout 处罚结果, and 处罚内容 when the amount column is empty)."""
    m = _FINE_IN_TEXT.search(text)
    if m:
        try:
            amount = Decimal(_AMOUNT_STRIP.sub("", m.group(1)).rstrip("."))
        except InvalidOperation:
            return None
        return amount if m.group(2) == "万元" else amount / Decimal(10000)
    words = _FINE_IN_WORDS.search(text)
    value = chinese_number(words.group(1)) if words else None
    return Decimal(value) / Decimal(10000) if value else None


def enum_error(value: str, allowed: tuple[str, ...]) -> FieldError:
    return FieldError(f"“{value}”不是允许的取值，应为：{'、'.join(allowed)}")


def parse_enum(raw: Cell, allowed: tuple[str, ...], aliases: dict[str, list[str]]) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if text in allowed:
        return text
    if text in aliases and len(aliases[text]) == 1:
        return aliases[text][0]
    raise enum_error(text, allowed)


_MULTI_SPLIT = re.compile(r"[;；,，、/|\s]+")


def parse_multi_enum(raw: Cell, allowed: tuple[str, ...], aliases: dict[str, list[str]]) -> list[str] | None:
    text = as_text(raw)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)
    chosen: list[str] = []
    # Aliases that contain a separator (没收违法所得、没收非法财物) are taken whole first; every
    # other part must equal a value or an alias exactly (吊销许可证 is not inside 吊销许可证件).
    for alias in sorted(aliases, key=len, reverse=True):
        if _MULTI_SPLIT.search(alias) and alias in text:
            chosen.extend(aliases[alias])
            text = text.replace(alias, ";")
    for part in _MULTI_SPLIT.split(text):
        if not part:
            continue
        if part in allowed:
            chosen.append(part)
        elif part in aliases:
            chosen.extend(aliases[part])
        else:
            raise enum_error(part, allowed)
    # Canonical (statutory) order, so '罚款;警告' and '警告;罚款' are the same value.
    return sorted(set(chosen), key=allowed.index) or None


_DOC_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "【": "〔",
        "】": "〕",
        "(": "〔",
        ")": "〕",
        "［": "〔",
        "］": "〕",
        "（": "〔",
        "）": "〕",
        "｛": "〔",
        "｝": "〕",
        "{": "〔",
        "}": "〕",
    }
)
_WS = re.compile(r"\s+")


def document_key(text: str) -> str:
    """Fold how one document number gets written: 〔〕[]【】() and full-width, no spaces."""
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_DOC_BRACKETS))


def name_key(text: str) -> str:
    """Fold how one organisation name gets written: full-width brackets, spaces."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))

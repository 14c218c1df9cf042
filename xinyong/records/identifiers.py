"""Identifiers: the Unified Social Credit Code (GB 32100-2015), the organisation code
(GB 11714-1997) and the resident ID number (GB 11643-1999) — normalising, validating, making.

Pure functions. Validation messages are Chinese because they end up in departments' error
reports. python-stdnum is not used: it rejects valid codes from 'N'/'Y' authorities.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")


class IdentifierError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_code(raw: str) -> str:
    """Full-width → half-width, no whitespace of any kind, upper case."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(raw))).upper()


def is_masked(raw: str) -> bool:
    return "*" in unicodedata.normalize("NFKC", str(raw))


# -- organisation code (GB 11714) ------------------------------------------------------------
def _org_char_value(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    raise IdentifierError(f"组织机构代码含非法字符：{c}")


def org_check_char(body8: str) -> str:
    c = 11 - sum(_org_char_value(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def validate_org_code(raw: str) -> str:
    code = normalize_code(raw).replace("-", "")
    if is_masked(code):
        raise IdentifierError("组织机构代码已脱敏（含*），无法校验")
    if len(code) != 9:
        raise IdentifierError(f"组织机构代码应为9位，实际为{len(code)}位")
    expected = org_check_char(code[:8])
    if code[8] != expected:
        raise IdentifierError(f"组织机构代码校验位错误：应为{expected}，实际为{code[8]}")
    return code


def is_valid_org_code(code: str) -> bool:
    try:
        validate_org_code(code)
    except IdentifierError:
        return False
    return True


# -- USCC (GB 32100) -------------------------------------------------------------------------
def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(raw: str) -> str:
    code = normalize_code(raw)
    if is_masked(code):
        raise IdentifierError("统一社会信用代码已脱敏（含*），无法校验")
    if len(code) != 18:
        raise IdentifierError(f"统一社会信用代码应为18位，实际为{len(code)}位")
    bad = [c for c in code if c not in _USCC_VALUE]
    if bad:
        raise IdentifierError(f"统一社会信用代码含非法字符：{''.join(dict.fromkeys(bad))}")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(f"统一社会信用代码校验位错误：应为{expected}，实际为{code[17]}")
    try:
        inner_ok = org_check_char(code[8:16]) == code[16]
    except IdentifierError:
        inner_ok = False
    if not inner_ok:
        raise IdentifierError("统一社会信用代码中的组织机构代码（第9–17位）校验位错误")
    return code


def is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except IdentifierError:
        return False
    return True


def uscc_region(code: str) -> str:
    return code[2:8]


def uscc_org_code(code: str) -> str:
    return code[8:17]


def suggest_uscc_corrections(code: str) -> list[str]:
    """Valid codes one character away from ``code`` (for "did you mean")."""
    code = normalize_code(code)
    if len(code) != 18:
        return []
    out: list[str] = []
    for i in range(18):
        for c in USCC_ALPHABET:
            if c != code[i]:
                candidate = code[:i] + c + code[i + 1 :]
                if is_valid_uscc(candidate):
                    out.append(candidate)
    return out


def make_uscc(authority: str, category: str, region: str, org_body8: str) -> str:
    """A code with both check characters computed (for demo data and tests)."""
    first16 = f"{authority}{category}{region}{org_body8}"
    first17 = first16 + org_check_char(org_body8)
    return first17 + uscc_check_char(first17)


# -- resident ID (GB 11643) ------------------------------------------------------------------
def resident_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id_birth_date(code: str) -> date:
    return date(int(code[6:10]), int(code[10:12]), int(code[12:14]))


def validate_resident_id(raw: str, today: date | None = None) -> str:
    code = normalize_code(raw)
    if is_masked(code):
        raise IdentifierError("居民身份证号码已脱敏（含*），无法校验")
    if len(code) != 18:
        raise IdentifierError(f"居民身份证号码应为18位，实际为{len(code)}位")
    if not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise IdentifierError("居民身份证号码格式错误：前17位应为数字，末位为数字或X")
    try:
        birth = resident_id_birth_date(code)
    except ValueError:
        raise IdentifierError("居民身份证号码中的出生日期不存在") from None
    if birth.year < 1880 or birth > (today or date.today()):
        raise IdentifierError("居民身份证号码中的出生日期不合理")
    expected = resident_id_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(f"居民身份证号码校验位错误：应为{expected}，实际为{code[17]}")
    return code


def is_valid_resident_id(code: str) -> bool:
    try:
        validate_resident_id(code)
    except IdentifierError:
        return False
    return True


def make_resident_id(region: str, birth: date, seq: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17)

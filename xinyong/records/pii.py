"""Personal information: a natural person's ID number is kept only hashed (keyed) and masked.

The one ID finder (`find_ids`) is used for every place text leaves the portal or is stored:
free text on import, check queries, log lines, response headers and bodies, exports. It finds
an 18-character resident ID (GB 11643) or a 15-digit old one in any written form departments
and citizens use — next to ASCII letters (`sfz4201…`, `ID:…x`), with a lower-case `x`, in
full-width digits (`４２０１…`, `Ｘ`), with spaces, hyphens or invisible characters between
the 6/8/4 groups — and confirms it by the check digit (18) or a real birth date (15), so that
Unified Social Credit Codes, 文号 and other long numbers are left alone. Only runs of exactly
18 (or 15) digits count: a longer number is not an ID; a 15-digit one (no check digit) must
not touch ASCII letters either (hashes).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote

from xinyong.records.identifiers import (
    is_masked,
    normalize_code,
    resident_id_check_char,
)

_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_FILLER = "\u200b"  # every invisible character is folded to this one (same length)
_D = f"[0-9]{_FILLER}*"  # a digit, possibly followed by invisible characters
# Between the 6/8/4 groups: spaces, hyphens and dashes, '+' (a space in a query string).
_SEP = rf"[\s\-+_\u2010-\u2015\u2212{_FILLER}]{{0,3}}"
_ID18 = re.compile(
    rf"(?<![0-9])(?:{_D}){{6}}{_SEP}(?:{_D}){{8}}{_SEP}(?:{_D}){{3}}[0-9Xx]"
    rf"(?!{_FILLER}*[0-9])"
)
# An old 15-digit ID has no check digit: next to ASCII letters it is far likelier part of a
# hash or a code (`710258330529937a2c…`) than an ID, so it must stand apart from them.
_ID15 = re.compile(
    rf"(?<![0-9A-Za-z])(?:{_D}){{6}}{_SEP}(?:{_D}){{6}}{_SEP}(?:{_D}){{2}}[0-9]"
    rf"(?!{_FILLER}*[0-9A-Za-z])"
)
_NOT_CODE = re.compile(r"[^0-9X]")
# Cheap test before folding: some digit of any script (full-width ones included).
_ANY_DIGIT = re.compile(r"\d")
_URL_TOKEN = re.compile(r"(?:%[0-9A-Fa-f]{2}|[^\s\"'<>&;,()\[\]{}|\\^`])+")

# Anything still looking like a full 18-character ID, kept for callers that match a pattern.
FULL_ID_PATTERN = _ID18


class _Fold(dict):
    """str.translate table, one character for one (so positions stay valid): any decimal digit
    → ASCII, full-width forms → ASCII, invisible characters → one filler."""

    def __missing__(self, cp: int) -> int:
        c = chr(cp)
        out = cp
        if c in _INVISIBLE:
            out = ord(_FILLER)
        elif unicodedata.decimal(c, None) is not None:
            out = ord(str(unicodedata.decimal(c)))
        elif cp > 127:
            folded = unicodedata.normalize("NFKC", c)
            if len(folded) == 1 and folded.isascii():
                out = ord(folded)
        self[cp] = out
        return out


_FOLD = _Fold()


@dataclass(frozen=True)
class FoundId:
    start: int  # span in the text as given
    end: int
    code: str  # the ID number, compact and upper case

    @property
    def masked(self) -> str:
        return mask_id_number(self.code)


def _valid_birth(y: int, m: int, d: int) -> bool:
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    return y >= 1880 and born <= date.today()


def is_id_number(code: str, check_digit: bool = True) -> bool:
    """A compact 18-character ID with a real birth date and a right check digit, or a 15-digit
    one with a real birth date (old IDs have no check digit). `check_digit=False` is for what a
    person typed as an ID (a counter check): a slip in one digit still leaves the other 17
    digits of a real person's number, so it is masked all the same."""
    if len(code) == 18 and code[:17].isdigit() and code[0] != "0":
        return (not check_digit or code[17] == resident_id_check_char(code[:17])) and _valid_birth(
            int(code[6:10]), int(code[10:12]), int(code[12:14])
        )
    if len(code) == 15 and code.isdigit() and code[0] != "0":
        # 19YY: a year before 1910 is a run of zeros in a 注册号 far likelier than a person.
        return int(code[6:8]) >= 10 and _valid_birth(1900 + int(code[6:8]), int(code[8:10]), int(code[10:12]))
    return False


def find_ids(text: str, check_digit: bool = True) -> Iterator[FoundId]:
    """Every resident ID number in `text`, in any written form, by its span."""
    if not text or len(text) < 15 or not _ANY_DIGIT.search(text):
        return
    folded = text.translate(_FOLD)
    taken: list[tuple[int, int]] = []
    for pattern in (_ID18, _ID15):
        for m in pattern.finditer(folded):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            code = _NOT_CODE.sub("", m.group(0).upper())
            if is_id_number(code, check_digit):
                taken.append((m.start(), m.end()))
                yield FoundId(m.start(), m.end(), code)


def mask_id_number(raw: str) -> str:
    """First 6 and last 4 kept (common practice, domain.md §4); never the full number."""
    code = normalize_code(raw)
    if is_masked(code):
        return code
    if len(code) >= 15:
        return code[:6] + "*" * (len(code) - 10) + code[-4:]
    return code[:2] + "*" * max(len(code) - 2, 1)


def hash_id_number(normalised_id: str, key: bytes) -> str:
    """HMAC-SHA256: without the key, nobody can precompute the hashes of all possible IDs."""
    return hmac.new(key, normalised_id.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def contains_full_id(text: str) -> bool:
    return next(find_ids(text), None) is not None


def mask_ids_in_text(text: str, check_digit: bool = True) -> str:
    """Every full ID number in free text replaced by its masked form (first 6 + last 4);
    `check_digit=False` also masks ID-shaped numbers whose check digit is wrong (typed input)."""
    found = sorted(find_ids(text, check_digit), key=lambda f: f.start)
    if not found:
        return text
    out, last = [], 0
    for f in found:
        out += [text[last : f.start], f.masked]
        last = f.end
    out.append(text[last:])
    return "".join(out)


def mask_ids_in_encoded(text: str, check_digit: bool = True) -> str:
    """Like `mask_ids_in_text`, and also inside percent-encoded URLs (`q=%34%32…`,
    `王五%20<ID>`): a token holding an ID once decoded is re-encoded with the ID masked."""
    text = mask_ids_in_text(text, check_digit)
    if "%" not in text:
        return text

    def token(m: re.Match[str]) -> str:
        raw = decoded = m.group(0)
        for _ in range(3):  # double and triple encoding (%2534…) too
            if "%" not in decoded:
                break
            decoded = unquote(decoded, errors="replace")
            masked = mask_ids_in_text(decoded, check_digit)
            if masked != decoded:
                return quote(masked, safe="/?=&:+*~!$'@.-_")
        return raw

    return _URL_TOKEN.sub(token, text)

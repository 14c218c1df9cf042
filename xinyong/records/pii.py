"""Personal information: a natural person's ID number is kept only hashed (keyed) and masked."""

from __future__ import annotations

import hashlib
import hmac
import re

from xinyong.records.identifiers import is_masked, normalize_code

# Something that looks like a full 18-character resident ID, not part of a longer number.
FULL_ID_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)


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
    return FULL_ID_PATTERN.search(text) is not None


def mask_ids_in_text(text: str) -> str:
    """Every full ID number in free text replaced by its masked form."""
    return FULL_ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)

"""Service centres' keys and the receipts of their checks.

A centre's key pair: the publishable key (`xk_…`, in the host page, names the centre and its
origins) and the secret key (`xs_…`, on the host's back end only, mints counter sessions and reads
the check log). Both are shown once and stored as SHA-256 hashes with a short prefix to find them.
A receipt carries a number and a short code — an HMAC of the number under the portal's
secret — so a printed receipt can be verified publicly, and a guessed number alone cannot.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.db import utcnow
from xinyong.records.models import CheckRecord, ServiceCentre, WidgetKey
from xinyong.records.pii import mask_ids_in_text

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_PREFIX_LEN = 11  # "xk_" / "xs_" + 8 characters


class KeyRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, centre_name: str, origins: list[str]) -> tuple[WidgetKey, str, str]:
    """A new key pair: (row, publishable key, secret key); the keys are never stored in clear."""
    centre = session.scalar(select(ServiceCentre).where(ServiceCentre.name == centre_name))
    if centre is None:
        centre = ServiceCentre(name=centre_name)
        session.add(centre)
        session.flush()
    key = "xk_" + secrets.token_urlsafe(24)
    row = WidgetKey(
        centre_id=centre.id,
        key_prefix=key[:KEY_PREFIX_LEN],
        key_hash=_digest(key),
        origins=[o.rstrip("/") for o in origins],
        secret_version=0,
    )
    session.add(row)
    session.flush()
    return row, key, rotate_secret(row)


def rotate_secret(row: WidgetKey) -> str:
    """A new secret key for the row; the old one and every session minted with it stop working."""
    secret = "xs_" + secrets.token_urlsafe(32)
    row.secret_prefix, row.secret_hash = secret[:KEY_PREFIX_LEN], _digest(secret)
    row.secret_version = (row.secret_version or 0) + 1
    row.rotated_at = utcnow()
    return secret


def find_key(session: Session, prefix: str) -> WidgetKey | None:
    """A key row by the first characters of either of its keys (`xk_…` or `xs_…`)."""
    column = WidgetKey.secret_prefix if prefix.startswith("xs_") else WidgetKey.key_prefix
    return session.scalar(select(WidgetKey).where(column == prefix[:KEY_PREFIX_LEN]))


def check_secret(session: Session, secret: str) -> WidgetKey:
    """The row of a valid secret key, or KeyRefused (unknown, rotated away, revoked)."""
    row = session.scalar(select(WidgetKey).where(WidgetKey.secret_prefix == secret[:KEY_PREFIX_LEN]))
    if row is None or not row.secret_hash or not hmac.compare_digest(row.secret_hash, _digest(secret)):
        raise KeyRefused("api_key_invalid", "密钥无效")
    if row.revoked_at is not None:
        raise KeyRefused("api_key_revoked", "密钥已停用")
    return row


def check_publishable(session: Session, key: str | None) -> WidgetKey:
    """The row of a valid publishable key (it names a centre; it authorises nothing itself)."""
    if not key:
        raise KeyRefused("api_key_missing", "缺少可公开密钥")
    row = session.scalar(select(WidgetKey).where(WidgetKey.key_prefix == key[:KEY_PREFIX_LEN]))
    if row is None or not hmac.compare_digest(row.key_hash, _digest(key)):
        raise KeyRefused("api_key_invalid", "密钥无效")
    if row.revoked_at is not None:
        raise KeyRefused("api_key_revoked", "密钥已停用")
    return row


def revoke_key(session: Session, prefix: str) -> bool:
    row = find_key(session, prefix)
    if row is None:
        return False
    row.revoked_at = row.revoked_at or utcnow()
    return True


def receipt_code(number: str, secret: bytes) -> str:
    mac = hmac.new(secret, number.encode("ascii"), hashlib.sha256).digest()
    return "".join(_ALPHABET[b % 32] for b in mac[:8])


@dataclass
class Receipt:
    record: CheckRecord
    code: str


def store_check(
    session: Session,
    *,
    key: WidgetKey,
    operator_ref: str | None,
    query_shown: str,
    query_normalised: str,
    used_id_number: bool,
    approval_type: str,
    state: str,
    subject_id: int | None,
    result: dict[str, Any],
    data_version: str,
    today: date,
    secret: bytes,
    flush: bool = True,
) -> Receipt:
    number = f"XYHC-{today:%Y%m%d}-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))
    code = receipt_code(number, secret)
    # Typed input: an ID-shaped number is masked even with a wrong check digit (pii.find_ids).
    operator_ref = operator_ref and mask_ids_in_text(operator_ref, check_digit=False)[:100]
    record = CheckRecord(
        receipt_no=number,
        centre_id=key.centre_id,
        key_id=key.id,
        operator_ref=operator_ref or None,
        # "姓名 + ID" typed in one box: stored and shown masked (pii.find_ids)
        query_entered=mask_ids_in_text(query_shown, check_digit=False)[:200],
        query_normalised=mask_ids_in_text(query_normalised, check_digit=False)[:200],
        used_id_number=used_id_number,
        approval_type_code=approval_type,
        state=state,
        subject_id=subject_id,
        result=result,
        data_version=data_version,
    )
    session.add(record)
    if flush:  # a batch check flushes its lines together: one multi-row INSERT, not one per line
        session.flush()
    return Receipt(record, code)


def find_receipt(session: Session, number: str, code: str, secret: bytes) -> CheckRecord | None:
    number, code = number.strip().upper(), code.strip().upper()
    if not (number.isascii() and code.isascii()) or len(number) > 40:
        return None
    if not hmac.compare_digest(receipt_code(number, secret), code.strip().upper()):
        return None
    return session.scalar(select(CheckRecord).where(CheckRecord.receipt_no == number))

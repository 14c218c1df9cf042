"""Supporting documents uploaded with repair applications and objections.

Only PDF, JPEG and PNG are taken, recognised by their first bytes (a renamed .exe is not a
PDF), at most MAX_BYTES each and MAX_FILES per case. Bytes are stored once under their
SHA-256 in the database (`procedure_blobs`), so that any web node serves them, in the same
transaction as the case; never under a name the uploader chose. Documents stored before
migration 0014 lived in the instance's upload folder (`path_of`); they are read from there
when the database has no copy.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from xinyong.records.db import utcnow

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


class UploadRefused(ValueError):
    """A file that may not be stored; the message is shown to the uploader."""


@dataclass(frozen=True)
class StoredUpload:
    filename: str
    media_type: str
    size: int
    sha256: str


def media_type_of(head: bytes) -> str | None:
    return next((media for magic, media in SIGNATURES if head.startswith(magic)), None)


def check_upload(filename: str, data: bytes) -> str:
    """The media type of an acceptable file; raises UploadRefused with a message otherwise."""
    shown = Path(filename or "").name or "未命名文件"
    if not data:
        raise UploadRefused(f"文件“{shown}”是空的")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"文件“{shown}”超过 {MAX_BYTES // 1024 // 1024} MB")
    media = media_type_of(data[:16])
    if media is None:
        raise UploadRefused(f"文件“{shown}”不是 PDF、JPG 或 PNG 文件")
    return media


def store_upload(root: Path, filename: str, data: bytes, media: str | None = None) -> StoredUpload:
    """Store an acceptable file (`media`: its type, when the caller has checked it already)."""
    media = media or check_upload(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    target = path_of(root, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written to a temporary file and renamed: a crash never leaves half a document.
        fd, tmp = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    name = Path(filename or "").name[:200] or "未命名文件"
    return StoredUpload(name, media, len(data), digest)


def store_document(session: Session, filename: str, data: bytes, media: str | None = None) -> StoredUpload:
    """Store an acceptable file's bytes in the database, once per content (a second upload of
    the same bytes, even at the same moment from another node, inserts nothing)."""
    from xinyong.records.models import ProcedureBlob

    media = media or check_upload(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(ProcedureBlob)
        .values(sha256=digest, data=data, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    name = Path(filename or "").name[:200] or "未命名文件"
    return StoredUpload(name, media, len(data), digest)


def document_bytes(session: Session, digest: str, legacy_root: Path) -> bytes | None:
    """A stored document's bytes: from the database, else (stored before 0014) the folder."""
    from xinyong.records.models import ProcedureBlob

    blob = session.get(ProcedureBlob, digest)
    if blob is not None:
        return blob.data
    path = path_of(legacy_root, digest)
    return path.read_bytes() if path.is_file() else None


def path_of(root: Path, digest: str) -> Path:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("not a SHA-256 digest")
    return root / digest[:2] / digest

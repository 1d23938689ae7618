"""Receive blobs (streamed, hashed, size-capped, type-sniffed) and decide who may read them."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import BinaryIO, Iterable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.attachments.models import Blob
from server.attachments.storage import BlobStorage
from server.db import transaction
from server.errors import DomainError
from server.extensions import db
from server.fieldwork.models import Visit, VisitAttachment
from server.scope import ScopeMembership

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024


def is_sha256(text: str) -> bool:
    """Lower-case hex of 64 digits: how every blob is named."""
    return bool(SHA256_RE.match(text or ""))


def sniff(head: bytes) -> str | None:
    """The content type of the bytes by their magic number, or None when not allowed:
    JPEG, PNG, WebP and PDF only (photos, signatures, signed documents)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _too_large(max_bytes: int) -> DomainError:
    return DomainError("BLOB_TOO_LARGE", status=413, max_mb=max_bytes // (1024 * 1024))


def _spool(stream: BinaryIO, tmp_dir: Path, max_bytes: int) -> tuple[Path, str, int, bytes]:
    """Copy the stream to a temporary file, never holding it in memory; returns
    (path, sha256, size, first bytes)."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest, size, head = hashlib.sha256(), 0, b""
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes)
                if len(head) < 16:
                    head += chunk[:16 - len(head)]
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name), digest.hexdigest(), size, head


def receive_blob(*, actor_id: uuid.UUID, sha256: str, stream: BinaryIO,
                 content_length: int | None, storage: BlobStorage, max_bytes: int,
                 tmp_dir: Path) -> bool:
    """Store an upload under its hash; True if new, False if we already had it.

    Refuses: over `max_bytes` (413, before reading when Content-Length says so), bytes
    whose SHA-256 differs from the name (422), a type other than JPEG/PNG/WebP/PDF (415).
    """
    if not is_sha256(sha256):
        raise DomainError("BLOB_HASH_INVALID", errors={"sha256": ["SHA-256 no válido."]})
    if content_length is not None and content_length > max_bytes:
        raise _too_large(max_bytes)
    path, digest, size, head = _spool(stream, tmp_dir, max_bytes)
    try:
        if digest != sha256:
            raise DomainError("BLOB_HASH_MISMATCH", errors={"sha256": [
                f"El contenido recibido tiene SHA-256 {digest}."]})
        content_type = sniff(head)
        if content_type is None:
            raise DomainError("BLOB_TYPE_NOT_ALLOWED", status=415)
        if not storage.exists(sha256):
            storage.put(sha256, path)
    finally:
        if path.exists():
            os.unlink(path)
    try:
        with transaction():
            if db.session.get(Blob, sha256) is not None:
                return False
            db.session.add(Blob(sha256=sha256, size=size, content_type=content_type,
                                uploaded_by=actor_id))
    except IntegrityError:  # the same bytes arrived twice at once: the other copy won
        return False
    return True


def blob_exists(sha256: str) -> bool:
    """Whether we hold these bytes (HEAD: the device skips the upload)."""
    return is_sha256(sha256) and db.session.get(Blob, sha256) is not None


def missing(hashes: Iterable[str]) -> list[str]:
    """The hashes among `hashes` we do not hold yet, in the order given, once each."""
    wanted = list(dict.fromkeys(h for h in hashes if isinstance(h, str)))
    if not wanted:
        return []
    held = set(db.session.execute(sa.select(Blob.sha256).where(
        Blob.sha256.in_(wanted))).scalars())
    return [h for h in wanted if h not in held]


def readable_blob(*, sha256: str, actor_id: uuid.UUID, office: bool) -> Blob | None:
    """The blob if this user may read it: office roles read any; a field worker reads what
    she uploaded and what is attached to her visits or to visits of accounts in her scope."""
    if not is_sha256(sha256):
        return None
    blob = db.session.get(Blob, sha256)
    if blob is None or office or blob.uploaded_by == actor_id:
        return blob
    scope = sa.select(ScopeMembership.entity_id).where(
        ScopeMembership.worker_id == actor_id, ScopeMembership.entity_type == "account",
        ScopeMembership.active.is_(True))
    attached = db.session.execute(
        sa.select(sa.literal(1)).select_from(VisitAttachment)
        .join(Visit, Visit.id == VisitAttachment.visit_id)
        .where(VisitAttachment.sha256 == sha256,
               sa.or_(Visit.worker_id == actor_id, Visit.account_id.in_(scope)))
        .limit(1)).first()
    return blob if attached else None

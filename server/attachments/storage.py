"""Where blob bytes live, behind a three-method interface (put, open, exists).

`DiskStorage` keeps them under `instance/blobs/ab/cd/<sha256>`; a bucket-backed class with
the same methods can replace it through the `BLOB_STORAGE_CLASS` setting.
"""
from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol


class BlobStorage(Protocol):
    """Content-addressed storage: bytes are named by their SHA-256 (lower-case hex)."""

    def put(self, sha256: str, path: str | os.PathLike) -> None:
        """Take ownership of the verified file at `path` and keep it as `sha256`."""

    def open(self, sha256: str) -> BinaryIO:
        """A binary file object with the bytes of `sha256`; FileNotFoundError if absent."""

    def exists(self, sha256: str) -> bool:
        """Whether the bytes of `sha256` are stored."""


class DiskStorage:
    """Blobs as files under `root`, fanned out by the first two byte pairs of the hash."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """The file that holds `sha256` (it may not exist)."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, sha256: str, path: str | os.PathLike) -> None:
        """Move the file into place; moving is atomic on one filesystem, and a blob already
        stored is identical by construction, so the new copy is simply dropped."""
        dest = self.path_of(sha256)
        if dest.exists():
            os.unlink(path)
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(os.fspath(path), dest)

    def open(self, sha256: str) -> BinaryIO:
        """Open the stored bytes for reading."""
        return open(self.path_of(sha256), "rb")

    def exists(self, sha256: str) -> bool:
        """Whether the file is there."""
        return self.path_of(sha256).is_file()


def make_storage(*, class_path: str | None, root: str | os.PathLike) -> BlobStorage:
    """The configured storage: `DiskStorage(root)` unless `class_path` ("pkg.mod:Class")
    names another class taking `root`."""
    if not class_path:
        return DiskStorage(root)
    module, _, name = class_path.partition(":")
    return getattr(importlib.import_module(module), name)(root)


def app_storage() -> BlobStorage:
    """The app's configured storage (BLOB_ROOT, BLOB_STORAGE_CLASS), made once per app:
    what the sync blob endpoints and the documents that print signatures read."""
    from flask import current_app

    storage = current_app.extensions.get("cartera_blob_storage")
    if storage is None:
        root = (current_app.config.get("BLOB_ROOT")
                or os.path.join(current_app.instance_path, "blobs"))
        storage = make_storage(class_path=current_app.config.get("BLOB_STORAGE_CLASS"),
                               root=root)
        current_app.extensions["cartera_blob_storage"] = storage
    return storage

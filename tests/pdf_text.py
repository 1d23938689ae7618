"""The text a person would copy out of a PDF, extracted with pypdf: what the tests compare to
prove the Spanish (accents, ñ, ¿) survived rendering."""
from __future__ import annotations

import io


def pdf_text(data: bytes) -> str:
    """Every page's extracted text, whitespace collapsed to single spaces."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)

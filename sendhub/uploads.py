"""Checks for uploaded files, shared by every feature that accepts them.

A file's type is judged by its content (its first bytes, through `filetype`), never by
its name or the type the browser claims: a PNG renamed `proposal.pdf` is refused.
Messages follow the GOV.UK file upload pattern.
"""

from __future__ import annotations

from typing import Any

import filetype
from django.core.exceptions import ValidationError

__all__ = ["MB", "PDF", "check_upload", "human_size"]

MB = 1024 * 1024
PDF = "application/pdf"
# filetype needs at most the first 8 KB to recognise any type it knows.
_SNIFF_BYTES = 8192


def human_size(size: int) -> str:
    """ "10MB", "2.5MB", "240KB": the way GOV.UK writes file sizes."""
    if size >= MB:
        value = size / MB
        return f"{value:.0f}MB" if value == int(value) else f"{value:.1f}MB"
    return f"{max(1, round(size / 1024))}KB"


def _head(file: Any) -> bytes:
    position = file.tell() if hasattr(file, "tell") else None
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        return file.read(_SNIFF_BYTES) or b""
    finally:
        if hasattr(file, "seek"):
            file.seek(position or 0)


def check_upload(file: Any, *, allowed_mimes: set[str], max_bytes: int, noun: str) -> str:
    """Return the file's MIME type as read from its content, or raise a GOV.UK ValidationError.

    `noun` names the allowed types for people, e.g. "PDF" or "PDF, JPG or PNG".
    """
    if file is None:
        raise ValidationError("Select a file", code="required")
    size = getattr(file, "size", None)
    if size is None:
        head = _head(file)
        size = len(head)
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if size > max_bytes:
        raise ValidationError(f"The selected file must be smaller than {human_size(max_bytes)}", code="too_big")
    kind = filetype.guess(_head(file))
    if kind is None or kind.mime not in allowed_mimes:
        raise ValidationError(f"The selected file must be a {noun}", code="wrong_type")
    return kind.mime

"""What an uploaded file is, judged by its content (magic bytes, the structure of the ZIP of an
Office file), never by its name; and whether its name agrees."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "application/pdf", (".pdf",))
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileType("png", "image/png", (".png",))
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
TYPES = (PDF, JPEG, PNG, DOCX, XLSX)
BY_CODE = {file_type.code: file_type for file_type in TYPES}
# An Office file is a ZIP with this part in it, besides [Content_Types].xml.
OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def sniff(head: bytes, file: io.IOBase | None = None) -> FileType | None:
    """The type the content says it is, or None for anything else. `head` is the first bytes;
    `file` (seekable) is needed to look inside a ZIP."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04") and file is not None:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for file_type, part in OFFICE_PARTS.items():
            if part in names:
                return file_type
    return None


def name_matches(name: str, file_type: FileType) -> bool:
    return PurePath(name).suffix.lower() in file_type.extensions

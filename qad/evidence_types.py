"""What an uploaded file really is, read from its bytes, never from its name.

The name's extension must agree with the content, so a renamed executable or
a PNG called .pdf is refused with a message saying which is which. ZIP-based
files are opened only to read their directory, with caps on entries and
uncompressed size so an archive bomb is refused before anyone unpacks it.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from mhhs_portal.exceptions import ValidationFailed

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("a PDF document", "application/pdf", ("pdf",))
DOCX = Kind(
    "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX = Kind(
    "an Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
CSV = Kind("a CSV file", "text/csv", ("csv",))
PNG = Kind("a PNG image", "image/png", ("png",))
JPEG = Kind("a JPEG image", "image/jpeg", ("jpg", "jpeg"))
ZIP = Kind("a ZIP archive", "application/zip", ("zip",))
KINDS = (PDF, DOCX, XLSX, CSV, PNG, JPEG, ZIP)
ALLOWED = ", ".join(f".{ext}" for kind in KINDS for ext in kind.extensions)

# The main part each Office format declares in [Content_Types].xml.
OOXML_MAIN = {
    b"wordprocessingml.document.main+xml": DOCX,
    b"spreadsheetml.sheet.main+xml": XLSX,
}


def max_bytes() -> int:
    return getattr(settings, "QAD_EVIDENCE_MAX_BYTES", 25 * MB)


def zip_max_entries() -> int:
    return getattr(settings, "QAD_ZIP_MAX_ENTRIES", 1000)


def zip_max_uncompressed() -> int:
    return getattr(settings, "QAD_ZIP_MAX_UNCOMPRESSED_BYTES", 200 * MB)


@dataclass(frozen=True)
class Detected:
    kind: Kind
    sha256: str
    size: int


def _refuse(message: str, code: str = "invalid_file"):
    raise ValidationFailed(message, errors={"file": [message]}, code=code)


def detect(upload, name: str) -> Detected:
    """Check size, content and name of an uploaded file; return its kind and SHA-256."""
    size = upload.size
    if size == 0:
        _refuse("The file is empty.")
    if size > max_bytes():
        _refuse(
            f"The file is {size / MB:.1f} MB; the limit is {max_bytes() / MB:.0f} MB.",
            code="file_too_large",
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if not any(extension in kind.extensions for kind in KINDS):
        _refuse(f"Files ending .{extension or '(none)'} are not accepted. Accepted: {ALLOWED}.")
    upload.seek(0)
    head = upload.read(8)
    kind = _kind_from_bytes(head, upload)
    if kind is None:
        _refuse(
            f"The content of this file is not one of the accepted types ({ALLOWED}).",
            code="file_type_unknown",
        )
    if extension not in kind.extensions:
        _refuse(
            f"The file is named .{extension} but its content is {kind.label}. "
            f"Rename it to .{kind.extensions[0]} or upload the right file.",
            code="file_type_mismatch",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Detected(kind=kind, sha256=digest.hexdigest(), size=size)


def _kind_from_bytes(head: bytes, upload) -> Kind | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return CSV if _is_text(upload) else None


def _zip_kind(upload) -> Kind:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > zip_max_entries():
                _refuse(f"The archive holds more than {zip_max_entries()} files.", "zip_too_big")
            if sum(entry.file_size for entry in entries) > zip_max_uncompressed():
                _refuse(
                    f"The archive unpacks to more than {zip_max_uncompressed() / MB:.0f} MB.",
                    "zip_too_big",
                )
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names:
                declared = archive.read("[Content_Types].xml")
                for marker, kind in OOXML_MAIN.items():
                    if marker in declared:
                        return kind
    except zipfile.BadZipFile:
        _refuse("The archive is damaged and cannot be opened.")
    return ZIP


def _is_text(upload) -> bool:
    """CSV has no signature: accept UTF-8 text without control characters."""
    upload.seek(0)
    sample = upload.read(64 * 1024)
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The sample may end inside a multi-byte character.
        try:
            text = sample[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)

"""What an uploaded document really is, judged by a bounded look at its content.

Public attachments and private meeting papers go through this one sniffer. It reads the first
8 KiB of the file, an archive's end record (at most 64 KiB) and at most 256 bytes of any entry:
a small zip can declare gigabytes of content ("zip bomb"), and decompressing it to look inside
would exhaust a worker's memory.
"""

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from .storage import open_for_sniffing

HEAD_BYTES = 8192
# An archive entry is opened only to read its first few bytes (OpenDocument's "mimetype").
ENTRY_READ_BYTES = 256
# Office packages hold a few hundred parts; tens of thousands is a trap, not a document. The
# directory is checked before zipfile parses it, which takes ~6 bytes of memory per byte.
MAX_ENTRIES = 5000
MAX_DIRECTORY_BYTES = 1024 * 1024
END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
MAX_ARCHIVE_COMMENT = 65535
# Declared sizes beyond these are refused before anything is decompressed. Real office files
# compress their XML about 5 to 30 times; deflate cannot exceed ~1030:1, so a higher ratio is a lie.
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Word, Excel, PowerPoint and LibreOffice write only these. Python decompresses other methods
# (bzip2, LZMA) a whole chunk at a time without a bound, so they are never opened.
SAFE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


@dataclass(frozen=True)
class Format:
    key: str  # stored on the model: "pdf", "docx", …
    label: str  # shown to people: "PDF", "Word document", …
    extension: str
    content_type: str


FORMATS = {
    f.key: f
    for f in [
        Format("pdf", "PDF", "pdf", "application/pdf"),
        Format(
            "docx",
            "Word document",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format(
            "xlsx",
            "Excel spreadsheet",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format(
            "pptx",
            "PowerPoint presentation",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        Format("odt", "OpenDocument text", "odt", "application/vnd.oasis.opendocument.text"),
        Format(
            "ods",
            "OpenDocument spreadsheet",
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        Format(
            "odp",
            "OpenDocument presentation",
            "odp",
            "application/vnd.oasis.opendocument.presentation",
        ),
        Format("csv", "CSV", "csv", "text/csv; charset=utf-8"),
        Format("txt", "Plain text", "txt", "text/plain; charset=utf-8"),
        # Alternative formats of a publication: audio, a BSL video, a file for Braille embossers.
        Format("mp3", "MP3 audio", "mp3", "audio/mpeg"),
        Format("m4a", "M4A audio", "m4a", "audio/mp4"),
        Format("mp4", "MP4 video", "mp4", "video/mp4"),
        Format("brf", "Braille-ready file", "brf", "text/plain; charset=us-ascii"),
    ]
}
# Tuples, in a fixed order: migrations write them out in the validators that use them.
OFFICE_FORMATS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")
ALL_FORMATS = tuple(FORMATS)

# Office Open XML packages keep their main part under one of these folders.
OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OPENDOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}

ARCHIVE_REFUSED = ValidationError(
    "This file is an archive that would unpack to an unreasonable size, or is built in a way "
    "office programs never use, so it cannot be accepted.",
    code="archive_refused",
)


def _check_directory(file) -> None:
    """Refuse an archive whose directory is too big, from its end record alone."""
    file.seek(0, os.SEEK_END)
    end = file.tell()
    file.seek(max(0, end - END_OF_DIRECTORY.size - MAX_ARCHIVE_COMMENT))
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + END_OF_DIRECTORY.size > len(tail):
        return  # not a zip archive: zipfile will say so
    # Zip64 archives set these fields to their maximum, so they are refused too: a document
    # within the upload limit never needs one.
    entries, directory_bytes = END_OF_DIRECTORY.unpack_from(tail, at)[4:6]
    if entries > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
        raise ARCHIVE_REFUSED


def _check_entries(archive: zipfile.ZipFile) -> None:
    total = 0
    for entry in archive.infolist():
        if entry.compress_type not in SAFE_COMPRESSION:
            raise ARCHIVE_REFUSED
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_EXPANDED_BYTES or (
            entry.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_RATIO
        ):
            raise ARCHIVE_REFUSED


def _read_entry_head(archive: zipfile.ZipFile, name: str) -> bytes:
    # ZipFile.read() would decompress the whole entry; open() lets us stop early.
    with archive.open(name) as entry:
        return entry.read(ENTRY_READ_BYTES)


def _zip_format(file) -> str | None:
    _check_directory(file)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            _check_entries(archive)
            names = archive.namelist()
            if "mimetype" in names:
                return OPENDOCUMENT_TYPES.get(_read_entry_head(archive, "mimetype").strip())
            if "[Content_Types].xml" in names:
                for folder, key in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return key
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


# ISO media files name their kind in the "ftyp" box's brand.
AUDIO_BRANDS = {b"M4A ", b"M4B "}
VIDEO_BRANDS = {b"isom", b"iso2", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}
MP3_STARTS = (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")


def _media_format(head: bytes) -> str | None:
    if head.startswith(MP3_STARTS):
        return "mp3"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in AUDIO_BRANDS:
            return "m4a"
        if brand in VIDEO_BRANDS:
            return "mp4"
    return None


def _text_format(head: bytes, name: str) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        if error.start < len(head) - 4:
            return None
        text = head[: error.start].decode("utf-8")
    if name.lower().endswith(".csv") and "," in text:
        return "csv"
    if name.lower().endswith(".brf") and text.isascii():
        return "brf"
    return "txt"


def document_sniff(file) -> Format | None:
    """The format of an open file, from its content; None if it is none we know.

    Raises ValidationError for an archive that declares absurd sizes or unusual compression.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    try:
        if head.startswith(b"%PDF-"):
            key = "pdf"
        elif head.startswith(b"PK\x03\x04"):
            key = _zip_format(file)
        elif media := _media_format(head):
            key = media
        else:
            key = _text_format(head, getattr(file, "name", "") or "")
    finally:
        file.seek(0)
    return FORMATS.get(key) if key else None


def document_validate(
    file, *, accept: Collection[str], max_bytes: int, too_big: str, wrong_format: str
) -> Format:
    """The file's format if it is an accepted one within the size limit; else ValidationError.

    `too_big` may use {size} and {limit}.
    """
    if file.size > max_bytes:
        raise ValidationError(
            too_big.format(size=filesizeformat(file.size), limit=filesizeformat(max_bytes)),
            code="file_size",
        )
    found = document_sniff(file)
    if found is None or found.key not in accept:
        raise ValidationError(wrong_format, code="file_type")
    return found


def document_filename(name: str, found: Format) -> str:
    """The name to store a document under: its own name, made safe, with its real extension."""
    stem = slugify(PurePath(name).stem)[:80] or "document"
    return f"{stem}.{found.extension}"


def document_download_name(name: str, format_key: str) -> str:
    """The name a download is offered under, whatever extension the stored file has."""
    found = FORMATS.get(format_key)
    stem = PurePath(name).stem
    return f"{stem}.{found.extension}" if found else PurePath(name).name


def document_label(format_key: str, size: int) -> str:
    """How a download is described: "PDF, 1.2 MB"."""
    found = FORMATS.get(format_key)
    return f"{found.label if found else 'File'}, {filesizeformat(size)}"


def content_type_for(format_key: str) -> str:
    found = FORMATS.get(format_key)
    return found.content_type if found else "application/octet-stream"


def upload_sniff(field_file) -> Format | None:
    """Sniff a model's file; an upload not yet stored is renamed after its real format."""
    if not field_file:
        return None
    if field_file._committed:
        with open_for_sniffing(field_file.storage, field_file.name) as handle:
            return document_sniff(handle)
    found = document_sniff(field_file.file)
    if found:
        field_file.name = document_filename(field_file.name, found)
    return found


# A tagged PDF (one assistive technology can read in order) says so in its catalogue:
# /MarkInfo <</Marked true>> and a /StructTreeRoot. Writers put the catalogue near the start or
# the end, sometimes inside a compressed object stream; only those parts are read.
PDF_WINDOW_BYTES = 256 * 1024
PDF_MAX_OBJECT_STREAMS = 8
PDF_OBJECT_STREAM_BYTES = 256 * 1024
PDF_CATALOG_MAX_BYTES = 16 * 1024
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_MARKED = re.compile(rb"/MarkInfo\s*<<[^>]*/Marked\s+true")
_STRUCT_TREE = re.compile(rb"/StructTreeRoot\s*(?:\d+\s+\d+\s+R|<<)")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM_START = re.compile(rb"stream\r?\n")


def _pdf_windows(file) -> list[bytes]:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size <= 2 * PDF_WINDOW_BYTES:
        return [file.read()]
    head = file.read(PDF_WINDOW_BYTES)
    file.seek(size - PDF_WINDOW_BYTES)
    return [head, file.read()]


def _object_streams(window: bytes) -> list[bytes]:
    """The start of each Flate-compressed object stream in the window, decompressed boundedly."""
    found = []
    for match in _OBJECT_STREAM.finditer(window):
        if len(found) >= PDF_MAX_OBJECT_STREAMS:
            break
        start = _STREAM_START.search(window, match.end())
        if start is None:
            continue
        try:
            found.append(
                zlib.decompressobj().decompress(window[start.end() :], PDF_OBJECT_STREAM_BYTES)
            )
        except zlib.error:
            continue
    return found


def _catalog_dicts(text: bytes) -> list[bytes]:
    """Each catalogue dictionary in the text, from its "<<" to the matching ">>"."""
    found = []
    for match in _CATALOG.finditer(text):
        start = text.rfind(b"<<", 0, match.start())
        # Step back over dictionaries nested before /Type (e.g. /MarkInfo <<…>> first).
        depth = text.count(b">>", start, match.start())
        while depth and start > 0:
            start = text.rfind(b"<<", 0, start)
            depth -= 1
        depth, at, end = 0, start, min(len(text), start + PDF_CATALOG_MAX_BYTES)
        while 0 <= at < end:
            if text.startswith(b"<<", at):
                depth, at = depth + 1, at + 2
            elif text.startswith(b">>", at):
                depth, at = depth - 1, at + 2
                if depth == 0:
                    found.append(text[start:at])
                    break
            else:
                at += 1
    return found


def pdf_tagged(file) -> bool | None:
    """Whether a PDF is tagged: None when its catalogue is not where a bounded look finds it."""
    windows = _pdf_windows(file)
    file.seek(0)
    texts = [*windows, *(stream for window in windows for stream in _object_streams(window))]
    catalogs = [catalog for text in texts for catalog in _catalog_dicts(text)]
    if not catalogs:
        return None
    return any(_MARKED.search(c) and _STRUCT_TREE.search(c) for c in catalogs)

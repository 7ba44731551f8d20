"""Evidence uploads: photos are re-encoded to JPEG without their EXIF data (GPS, camera,
owner) and get a thumbnail; other files are accepted by their content, never their name.

Accepted: JPEG, PNG, HEIC/HEIF photos; PDF; DOCX and XLSX (zip files whose
[Content_Types].xml declares a Word document or an Excel workbook). Refused: everything
else — SVG, HTML, archives, executables. Stored under generated names.
"""
from __future__ import annotations

import io
import re
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from prongsai.people import audit

from .models import Evidence, EvidenceItem, MeasureProgress

THUMB_SIZE = (320, 320)
PHOTO_MAX_SIDE = 2400  # a stored photo's longer side: a page wide at 300 dpi, sharp on any screen
MAX_PIXELS = 60_000_000  # refuse decompression bombs well before they fill the memory
JPEG_QUALITY = 85

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

_heif_registered = False


class EvidenceError(ValueError):
    """An upload that is refused; the message says why, for the user."""


def max_bytes() -> int:
    return int(getattr(settings, "PRONGSAI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def max_photo_bytes() -> int:
    """A photo may be larger as uploaded (a phone's 50-megapixel JPEG is 10-25 MB: a tester's was
    refused): it is stored scaled down to PHOTO_MAX_SIDE, a few hundred kilobytes to 2 MB."""
    return max(max_bytes(), int(getattr(settings, "PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES", 25 * 1024 * 1024)))


PHOTO_SUFFIXES = ("jpg", "jpeg", "png", "heic", "heif")


def limit_for(name: str, content_type: str = "") -> int:
    """The most an upload may be before it is read: a photo's limit for what is named or sent as one."""
    suffix = (name or "").rsplit(".", 1)[-1].lower()
    return max_photo_bytes() if suffix in PHOTO_SUFFIXES or (content_type or "").startswith("image/") else max_bytes()


def max_total_bytes() -> int:
    """The most one save may upload together: three files at the limit, or two photos at theirs and a
    file (a tester's three phone photos, 37 MB, were refused at 30); the web server in front is set to
    take that (docs/deployment.md)."""
    return max(3 * max_bytes(), 2 * max_photo_bytes() + max_bytes())


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def sniff(data: bytes) -> str | None:
    """What the bytes are: jpeg, png, heic, pdf, docx, xlsx — or None (refused)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "heic"
    if data.startswith(b"%PDF-"):
        # a whole PDF ends with %%EOF (trailing blanks or a newline allowed): a file cut short, or
        # text that only starts like one, is not kept as evidence nobody could open
        return "pdf" if b"%%EOF" in data[-1024:] else None
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    """docx or xlsx when the zip's [Content_Types].xml says so and the main part exists; any other zip is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1_000_000:
                return None
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "wordprocessingml.document.main+xml" in types and "word/document.xml" in names:
        return "docx"
    if "spreadsheetml.sheet.main+xml" in types and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def too_big(size: int | None = None, photo: bool = False) -> str:
    """Why a file is refused for its size, with its own size when known (a tester's phone said nothing
    of it) and the limit of its kind (`photo`: named or sent as one)."""
    values = {"limit": filesizeformat(max_bytes()), "photo": filesizeformat(max_photo_bytes()),
              "size": filesizeformat(size or 0)}
    if photo:
        said = (_("The photo is %(size)s: a photo may be up to %(photo)s.") if size
                else _("The photo is too large: a photo may be up to %(photo)s."))
    else:
        said = (_("The file is %(size)s: PDF, DOCX and XLSX files may be up to %(limit)s (photos up to %(photo)s).") if size
                else _("The file is too large: PDF, DOCX and XLSX files may be up to %(limit)s (photos up to %(photo)s)."))
    return said % values


@contextmanager
def _whole_files_only():
    """Pillow's decoding with a file cut short refused, whatever the process set: importing
    WeasyPrint (the documents) turns LOAD_TRUNCATED_IMAGES on for every later decoding, which
    would store a photo cut short as a grey-padded one."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def reencode_photo(data: bytes) -> tuple[bytes, bytes]:
    """JPEG bytes of the photo, upright, without EXIF or other metadata, and its thumbnail."""
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image, _whole_files_only():
            if image.format == "JPEG":  # decoded at the scale stored (1/2 … 1/8 of a phone's 50 megapixels): fast, small
                image.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            width, height = image.size
            if width * height > MAX_PIXELS:  # checked from the header, before decoding
                raise EvidenceError(_("The photo has too many pixels."))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))  # (the documents print it a page wide at most)
    except EvidenceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise EvidenceError(_("The photo could not be read.")) from None
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)  # pixels only: no info, no EXIF, no ICC/XMP
    photo = io.BytesIO()
    clean.save(photo, "JPEG", quality=JPEG_QUALITY, optimize=True)
    thumb = clean.copy()
    thumb.thumbnail(THUMB_SIZE)
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=80)
    return photo.getvalue(), small.getvalue()


@dataclass
class CheckedUpload:
    """An upload that passed the checks, ready to store: its bytes (a photo re-encoded, with a
    thumbnail), kind and content type, and the name to show."""

    kind: str  # jpeg, png, heic (all stored as JPEG), pdf, docx, xlsx
    data: bytes
    thumbnail: bytes | None
    content_type: str
    original_name: str


def check_upload(upload) -> CheckedUpload:
    """Check an upload by its content (size, kind, a photo decoded and re-encoded without its
    location and camera data); nothing is stored. Raises EvidenceError."""
    if isinstance(upload, CheckedUpload):
        return upload
    if upload.size is not None and upload.size > max_photo_bytes():
        raise EvidenceError(too_big(upload.size, photo=limit_for(getattr(upload, "name", "")) > max_bytes()))
    data = upload.read(max_photo_bytes() + 1)
    if len(data) > max_photo_bytes():
        raise EvidenceError(too_big(photo=True))
    kind = sniff(data)
    if len(data) > max_bytes() and kind not in ("jpeg", "png", "heic"):  # the larger limit is a photo's
        raise EvidenceError(too_big(len(data)))
    if kind is None:
        suffix = (getattr(upload, "name", "") or "").rsplit(".", 1)[-1].lower()
        if suffix in ("pdf", "docx", "xlsx", "jpg", "jpeg", "png", "heic"):  # named like one, but it is not one
            raise EvidenceError(_("The file is named .%(suffix)s but its content is not a %(kind)s file: save or export "
                                  "it again, then choose it.") % {"suffix": suffix, "kind": suffix.upper()})
        raise EvidenceError(_("Only photos (JPEG, PNG, HEIC), PDF, DOCX and XLSX files are accepted."))
    name = safe_name(getattr(upload, "name", "") or "")
    if kind in ("jpeg", "png", "heic"):
        photo, thumb = reencode_photo(data)
        return CheckedUpload(kind, photo, thumb, "image/jpeg", name)
    return CheckedUpload(kind, data, None, {"pdf": "application/pdf", "docx": DOCX, "xlsx": XLSX}[kind], name)


def check_uploads(uploads) -> list[CheckedUpload]:
    """Several uploads checked before any is stored (all of them or none); EvidenceError naming
    each refused file."""
    checked, refused = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except EvidenceError as exc:
            refused.append(f"{getattr(upload, 'name', '')}: {exc}")
    if refused:
        raise EvidenceError(" · ".join(refused))
    return checked


def add_upload(progress: MeasureProgress, upload, caption: str = "", user=None) -> Evidence:
    """Check an uploaded file (or take one checked already) and store it as photo or file evidence;
    the same file given again is not stored twice (`attached_already`), nor one the round shows
    already from an earlier round within it (the 12-month report shows the 6-month photos)."""
    checked = check_upload(upload)
    existing = attached_already(shown_evidence(progress), checked)
    if existing is not None:
        return existing
    evidence = Evidence(progress=progress, caption=caption[:255])
    fill_upload(evidence, checked)
    evidence.save()
    audit.record(user, audit.CREATE, evidence, agency=audit.agency_of(progress.measure))
    return evidence


def fill_upload(evidence, upload) -> None:
    """Check an upload (`check_upload`) and put it on an unsaved evidence row (any model with kind,
    content_type, size, file and thumbnail fields and PHOTO/FILE kinds). Raises EvidenceError."""
    checked = check_upload(upload)
    evidence.original_name = checked.original_name
    evidence.content_type = checked.content_type
    evidence.size = len(checked.data)
    name = uuid.uuid4().hex
    if checked.thumbnail is not None:
        evidence.kind = type(evidence).PHOTO
        evidence.file.save(f"{name}.jpg", ContentFile(checked.data), save=False)
        evidence.thumbnail.save(f"{name}.jpg", ContentFile(checked.thumbnail), save=False)
    else:
        evidence.kind = type(evidence).FILE
        evidence.file.save(f"{name}.{checked.kind}", ContentFile(checked.data), save=False)


def safe_name(name: str) -> str:
    """An uploaded file's name to show: its last path part with letters (Thai whole), digits,
    . - _ ( ) and spaces kept and anything else left out; at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w\u0E00-\u0E7F .()-]+", "", base).strip(" .")[-200:]


def attached_already(items, given):
    """The evidence among `items` (one record's) that holds exactly this checked file or link, or
    None. A browser's Back puts the chosen file and the link back in the form: saving again must
    not print the same photo twice in the report."""
    if isinstance(given, str):
        return items.filter(kind=EvidenceItem.LINK, url=given).first()
    return holding(items, given.data)


def holding(items, data: bytes):
    """The item among `items` (stored files with their `size`: evidence, OIT attachments) whose file
    holds exactly these bytes, or None."""
    for item in items.filter(size=len(data)).exclude(file=""):
        try:
            with item.file.open("rb") as f:
                if f.read() == data:
                    return item
        except OSError:  # a file missing from the disk is no copy of this one
            continue
    return None


def shown_evidence(progress: MeasureProgress):
    """The evidence the progress record's round shows for its measure: its own and that of the
    plan's rounds within its period (as `tracking.round_progress` carries them)."""
    rr = progress.reporting_round
    return Evidence.objects.filter(progress__measure_id=progress.measure_id, progress__reporting_round__plan_id=rr.plan_id,
                                   progress__reporting_round__start__gte=rr.start, progress__reporting_round__end__lte=rr.end)


def add_link(progress: MeasureProgress, url: str, caption: str = "", user=None) -> Evidence:
    existing = attached_already(shown_evidence(progress), url)
    if existing is not None:
        return existing
    evidence = Evidence.objects.create(progress=progress, kind=Evidence.LINK, url=url, caption=caption[:255])
    audit.record(user, audit.CREATE, evidence, agency=audit.agency_of(progress.measure))
    return evidence


def file_response(item, field) -> FileResponse:
    """An evidence file (a measure's or a central measure's) for the browser: a photo shown in
    place, any other file downloaded, named after its caption, never run or sniffed."""
    response = FileResponse(field.open("rb"), content_type=item.content_type or "application/octet-stream",
                            as_attachment=item.kind != item.PHOTO, filename=item.download_name(field))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response

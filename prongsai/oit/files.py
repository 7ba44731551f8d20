"""Files attached to a disclosure: checked by content, stored under a generated name; images
re-encoded without their metadata (EXIF, GPS, XMP); the uploaded name kept only as a label."""
from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.measures.evidence import holding
from prongsai.people import audit

from .models import Attachment, Disclosure, DisclosureEvent, Status
from .services import change

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
OFFICE_ZIP = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(extension, content type) from the file's content, or None when it is not an accepted type."""
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "image/webp"
    if data.startswith(OLE):
        return "doc", "application/x-ole-storage"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                if "mimetype" in names:
                    kind = z.read("mimetype").strip()
                    if kind in ODF:
                        return ODF[kind], kind.decode()
                if "[Content_Types].xml" in names:
                    for prefix, found in OFFICE_ZIP.items():
                        if any(n.startswith(prefix) for n in names):
                            return found
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def clean_upload(upload) -> tuple[bytes, str, str]:
    """Read an uploaded file within the size limit and check its type; ValidationError if not."""
    limit = settings.PRONGSAI_OIT_MAX_UPLOAD
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    if not data:
        raise ValidationError(_("The file is empty."))
    found = sniff(data)
    if found is None:
        raise ValidationError(_("Only PDF, images (PNG, JPEG, GIF, WebP) and office documents can be attached."))
    ext, content_type = found
    return data, ext, content_type


MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding


def reencode_image(data: bytes, ext: str) -> tuple[bytes, str, str]:
    """The image's pixels only (no EXIF, GPS, XMP, ICC or comments): JPEG stays JPEG, every
    other image (PNG, GIF, WebP) becomes PNG. ValidationError when it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."))
            image.load()
            jpeg = ext == "jpg"
            mode = "RGB" if jpeg else ("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
            pixels = image.convert(mode)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image could not be read.")) from None
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if jpeg:
        clean.save(out, "JPEG", quality=90)
        return out.getvalue(), "jpg", "image/jpeg"
    clean.save(out, "PNG", optimize=True)
    return out.getvalue(), "png", "image/png"


def display_name(name: str | None) -> str:
    """The uploaded name as a label only: its last path part, no control characters, quotes
    or path separators, at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"<>')
    name = name.strip(" .")
    return (name or "file")[-200:]


def download_name(attachment: Attachment) -> str:
    """The uploaded name, its ending what the file is (a JPEG uploaded as x.pdf downloads as x.jpg, so
    the computer opens it with the right program)."""
    name = display_name(attachment.original_name)
    ext = Path(attachment.file.name).suffix
    stem, dot, old = name.rpartition(".")
    if not ext or (dot and f".{old.lower()}" in (ext.lower(), ".jpeg" if ext.lower() == ".jpg" else ext.lower())):
        return name
    return f"{stem if dot else name}{ext}"


@transaction.atomic
def attach(d: Disclosure, actor, upload) -> tuple[Attachment, bool]:
    """The upload stored as the disclosure's attachment, and whether it is new: the same file again
    is not stored twice."""
    data, ext, content_type = clean_upload(upload)
    if content_type.startswith("image/"):
        data, ext, content_type = reencode_image(data, ext)
    existing = holding(d.attachments.all(), data)  # the same photo chosen twice
    if existing is not None:
        return existing, False
    name = display_name(upload.name)
    attachment = Attachment(
        disclosure=d, original_name=name, content_type=content_type, size=len(data),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachment.file.save(f"{d.round_id}/{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    attachment.save()
    DisclosureEvent.objects.create(
        disclosure=d, actor=attachment.uploaded_by, action="attach",
        after={"file": name, "attachment": attachment.pk, "size": len(data)},
    )
    audit.record(actor, audit.CREATE, attachment, agency=d.round.agency)
    return attachment, True


@transaction.atomic
def detach(attachment: Attachment, actor) -> None:
    d = Disclosure.objects.select_for_update().get(pk=attachment.disclosure_id)  # its status read as it stands
    DisclosureEvent.objects.create(
        disclosure=d, actor=actor if actor is not None and actor.is_authenticated else None, action="detach",
        before={"file": attachment.original_name, "attachment": attachment.pk},
    )
    stored = attachment.file.name
    audit.record(actor, audit.DELETE, attachment, agency=d.round.agency)
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    if d.status == Status.PASSED:  # a pass stands while what the assessor saw is there (services.save_details)
        change(d, actor, "detach", status=Status.RESUBMITTED)

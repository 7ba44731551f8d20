"""Files attached to a disclosure: checked by content, stored under a generated name."""
from __future__ import annotations

import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.people import audit

from . import conf
from .models import Attachment, Disclosure, DisclosureEvent

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
    limit = conf.get("PRONGSAI_OIT_MAX_UPLOAD")
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


@transaction.atomic
def attach(d: Disclosure, actor, upload) -> Attachment:
    data, ext, content_type = clean_upload(upload)
    name = (upload.name or "file")[-200:]
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
    return attachment


@transaction.atomic
def detach(attachment: Attachment, actor) -> None:
    d = attachment.disclosure
    DisclosureEvent.objects.create(
        disclosure=d, actor=actor if actor is not None and actor.is_authenticated else None, action="detach",
        before={"file": attachment.original_name, "attachment": attachment.pk},
    )
    stored = attachment.file.name
    audit.record(actor, audit.DELETE, attachment, agency=d.round.agency)
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))

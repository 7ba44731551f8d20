"""Uploads, for improvement-plan evidence (prongsai/measures/evidence.py) and OIT attachments
(prongsai/oit/files.py) alike: a size limit, the type checked by content (SVG, HTML, archives
and executables refused whatever their name), images re-encoded without EXIF, uploaded names
never used as paths, and files served with Content-Disposition, nosniff and a restrictive CSP.
"""
import gzip
import io
import zipfile
from urllib.parse import quote, unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.measures.evidence import EvidenceError, add_upload
from prongsai.measures.models import Evidence, MeasureProgress
from prongsai.measures.tests.factories import make_plan
from prongsai.oit import files as oit_files
from prongsai.oit import services as oit_services
from prongsai.oit.models import Attachment
from prongsai.scoring import pack_for_year

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
TRAVERSAL = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "a/../../b.pdf", "x\x00.pdf"]


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photos/a.txt", "hello")
    return buf.getvalue()


def photo_with_exif(fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", (64, 48), (30, 120, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Artist] = "Somchai the photographer"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (13.0, 52.0, 30.0)}
    buf = io.BytesIO()
    image.save(buf, fmt, exif=exif.tobytes())
    data = buf.getvalue()
    assert b"SecretCam" in data
    return data


REFUSED = {
    "drawing.svg": SVG, "drawing.png": SVG, "page.html": HTML, "page.pdf": HTML, "photos.zip": _zip(),
    "photos.docx": _zip(), "dump.gz": gzip.compress(b"a" * 1000), "setup.exe": EXE, "setup.pdf": EXE, "tool": ELF,
}


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def progress(laksi_round, media):
    return MeasureProgress.objects.filter(measure__issue__plan=make_plan(laksi_round)).first()


@pytest.fixture
def disclosure(db, media):
    rnd = ensure_round(ensure_agency("101041", pack_for_year(2568), "สำนักงานเขตหลักสี่"), 2568)
    return next(d for d in oit_services.ensure_disclosures(rnd) if d.item == "O5")


def _media_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# -- evidence -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REFUSED))
def test_evidence_refuses_dangerous_content_whatever_its_name(progress, media, name):
    with pytest.raises(EvidenceError):
        add_upload(progress, _upload(name, REFUSED[name]))
    assert not Evidence.objects.exists() and not _media_files(media)


def test_evidence_size_limit(progress, media, settings):
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = len(PDF) - 1
    with pytest.raises(EvidenceError):
        add_upload(progress, _upload("plan.pdf", PDF))
    assert not _media_files(media)


def test_evidence_png_named_pdf_is_taken_for_the_photo_it_is_and_reencoded(progress):
    evidence = add_upload(progress, _upload("report.pdf", photo_with_exif("PNG")))
    assert evidence.kind == Evidence.PHOTO and evidence.content_type == "image/jpeg"
    stored = evidence.file.read()
    assert b"SecretCam" not in stored and b"Somchai" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_photo_cut_short_is_refused_even_after_the_documents_were_loaded(progress, media):
    import weasyprint  # noqa: F401 — importing it turns Pillow's LOAD_TRUNCATED_IMAGES on, process-wide
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # the condition a running server is in once it made a PDF
    noise = Image.frombytes("L", (320, 240), bytes((i * 7919) % 251 for i in range(320 * 240))).convert("RGB")
    buf = io.BytesIO()
    noise.save(buf, "JPEG", quality=90)
    whole = buf.getvalue()
    cut = whole[: len(whole) // 3]  # the header whole, the picture cut inside its scan data
    assert Image.open(io.BytesIO(cut)).size == (320, 240)
    with pytest.raises(EvidenceError):
        add_upload(progress, _upload("cut.jpg", cut))
    assert not _media_files(media) and ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's setting kept


@pytest.mark.parametrize("name", TRAVERSAL)
def test_evidence_names_are_never_paths(progress, media, name):
    evidence = add_upload(progress, _upload(name, PDF))
    assert ".." not in evidence.file.name and "passwd" not in evidence.file.name and "win" not in evidence.file.name
    assert evidence.file.path.startswith(str(media))
    assert all(str(p).startswith(str(media)) for p in _media_files(media))


def test_evidence_is_served_with_safe_headers(progress, admin_client):
    photo = add_upload(progress, _upload("a.jpg", photo_with_exif()))
    document = add_upload(progress, _upload("<script>.pdf", PDF))
    for evidence, disposition in ((photo, "inline"), (document, "attachment")):
        response = admin_client.get(reverse("measures:evidence", args=[evidence.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(disposition)
        assert "script" not in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response["Content-Security-Policy"] and "sandbox" in response["Content-Security-Policy"]
        assert b"SecretCam" not in b"".join(response.streaming_content)
    other = PDF.replace(b"trailer", b"2 0 obj<<>>endobj\ntrailer")  # another file: the same one again is not stored twice
    named = add_upload(progress, _upload("x.pdf", other), caption="ประกาศ <เจตนารมณ์> 2568/ฉบับ 1")
    response = admin_client.get(reverse("measures:evidence", args=[named.pk]))
    # the caption, made safe, and its number name the download (RFC 5987 for the Thai); never a path or markup
    expected = quote(f"ประกาศ-เจตนารมณ์-2568-ฉบับ-1-{named.pk}.pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{expected}"


def test_uploaded_files_are_not_served_from_a_public_media_address(progress, client):
    evidence = add_upload(progress, _upload("a.pdf", PDF))
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


# -- OIT attachments ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REFUSED))
def test_oit_refuses_dangerous_content_whatever_its_name(disclosure, media, name):
    with pytest.raises(ValidationError):
        oit_files.attach(disclosure, None, _upload(name, REFUSED[name]))
    assert not Attachment.objects.exists() and not _media_files(media)


def test_oit_size_limit(disclosure, media, settings):
    settings.PRONGSAI_OIT_MAX_UPLOAD = len(PDF) - 1
    with pytest.raises(ValidationError):
        oit_files.attach(disclosure, None, _upload("plan.pdf", PDF))
    assert not _media_files(media)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_oit_images_are_reencoded_without_exif_whatever_their_name(disclosure, fmt):
    a, _ = oit_files.attach(disclosure, None, _upload("screenshot.pdf", photo_with_exif(fmt)))
    assert a.content_type.startswith("image/") and not a.file.name.endswith(".pdf")
    stored = a.file.read()
    assert b"SecretCam" not in stored and b"Somchai" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.size == (64, 48) and not image.getexif()


@pytest.mark.parametrize("name", TRAVERSAL + ["a\r\nSet-Cookie: x=1.pdf", '"; filename="evil.html'])
def test_oit_names_are_never_paths_nor_headers(disclosure, media, admin_client, name):
    a, _ = oit_files.attach(disclosure, None, _upload(name, PDF))
    assert ".." not in a.file.name and "passwd" not in a.file.name and a.file.path.startswith(str(media))
    assert "/" not in a.original_name and "\\" not in a.original_name and "\r" not in a.original_name
    assert "\n" not in a.original_name and "\x00" not in a.original_name
    response = admin_client.get(reverse("oit:attachment", args=[a.pk]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and "\n" not in response["Content-Disposition"]


def test_oit_attachments_are_served_with_safe_headers(disclosure, admin_client):
    a, _ = oit_files.attach(disclosure, None, _upload("แผน 2568.pdf", PDF))
    response = admin_client.get(reverse("oit:attachment", args=[a.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp


def test_an_oit_attachment_downloads_under_the_ending_of_what_it_is_and_is_stored_once(disclosure, admin_client):
    """A tester's JPEG named .pdf downloaded as image/jpeg named .pdf (Windows opens it with the wrong
    program); the same photo attached twice was stored twice."""
    a, new = oit_files.attach(disclosure, None, _upload("ภาพป้ายประกาศ.pdf", photo_with_exif("JPEG")))
    response = admin_client.get(reverse("oit:attachment", args=[a.pk]))
    assert new and response["Content-Type"] == "image/jpeg"
    assert "ภาพป้ายประกาศ.jpg" in unquote(response["Content-Disposition"])
    again, new = oit_files.attach(disclosure, None, _upload("อีกครั้ง.jpg", photo_with_exif("JPEG")))
    assert not new and again.pk == a.pk and Attachment.objects.count() == 1
    b, _ = oit_files.attach(disclosure, None, _upload("แผน 2568.pdf", PDF))
    assert "แผน 2568.pdf" in unquote(admin_client.get(reverse("oit:attachment", args=[b.pk]))["Content-Disposition"])

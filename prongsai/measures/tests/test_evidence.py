"""Evidence uploads: photos lose their EXIF (GPS) data and get thumbnails; files are checked by content."""
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from prongsai.measures.evidence import EvidenceError, add_link, add_upload, sniff
from prongsai.measures.models import Evidence, MeasureProgress

from .factories import make_plan

GPS = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (13.0, 52.0, 30.0),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (100.0, 34.0, 12.0)}


def photo_with_gps(fmt="JPEG", size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Orientation] = 6  # rotated 90°: the stored photo must come out upright
    exif[ExifTags.IFD.GPSInfo] = GPS
    buf = io.BytesIO()
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    image.save(buf, fmt, exif=exif.tobytes())
    data = buf.getvalue()
    reread = Image.open(io.BytesIO(data)).getexif()
    assert reread.get_ifd(ExifTags.IFD.GPSInfo), "the test photo carries GPS data"
    return data


def office_file(content_type: str, part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", f'<Types><Override PartName="/{part}" ContentType="{content_type}"/></Types>')
        z.writestr(part, "<x/>")
    return buf.getvalue()


@pytest.fixture
def progress(laksi_round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round)
    return MeasureProgress.objects.filter(measure__issue__plan=plan).first()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_photo_is_reencoded_without_exif_and_gets_a_thumbnail(progress, fmt):
    data = photo_with_gps(fmt)
    upload = SimpleUploadedFile("IMG_0001 บ้านของฉัน.jpg", data, content_type="image/jpeg")
    evidence = add_upload(progress, upload, caption="ประชุมชี้แจง")
    assert evidence.kind == Evidence.PHOTO and evidence.content_type == "image/jpeg"
    stored = evidence.file.read()
    assert b"SecretCam" not in stored and b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo) and len(image.getexif()) == 0
    assert image.size == (800, 1200)  # the orientation was applied before EXIF was dropped
    thumb = Image.open(evidence.thumbnail)
    assert max(thumb.size) <= 320
    assert "บ้าน" not in evidence.file.name and "IMG_0001" not in evidence.file.name
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".jpg")


@pytest.mark.django_db
def test_pdf_docx_xlsx_are_accepted_by_content(progress):
    pdf = add_upload(progress, SimpleUploadedFile("report.exe", b"%PDF-1.7\n%...\n%%EOF\n"))
    assert pdf.kind == Evidence.FILE and pdf.content_type == "application/pdf" and pdf.file.name.endswith(".pdf")
    docx = add_upload(progress, SimpleUploadedFile("a.pdf", office_file(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml")))
    assert docx.file.name.endswith(".docx")
    xlsx = add_upload(progress, SimpleUploadedFile("a.bin", office_file(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml")))
    assert xlsx.file.name.endswith(".xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("name,data", [
    ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("page.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
    ("report.docx", b"PK\x03\x04not really a zip"),
    ("photos.docx", None),  # a plain zip archive named .docx
    ("a.gz", b"\x1f\x8b\x08\x00"),
    ("tool.jpg", b"MZ\x90\x00"),
])
def test_refused_content_whatever_its_name(progress, name, data):
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("a.txt", "x")
        data = buf.getvalue()
    with pytest.raises(EvidenceError):
        add_upload(progress, SimpleUploadedFile(name, data))
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_size_limit(progress, settings):
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(EvidenceError, match="1000"):
        add_upload(progress, SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000))


@pytest.mark.django_db
def test_broken_image_is_refused(progress):
    with pytest.raises(EvidenceError):
        add_upload(progress, SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50))


@pytest.mark.django_db
def test_link(progress):
    link = add_link(progress, "https://www.bangkok.go.th/laksi", "ประกาศบนเว็บไซต์")
    assert link.kind == Evidence.LINK


def test_sniff():
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "png"
    assert sniff(b"\x00\x00\x00\x18ftypheic....") == "heic"
    assert sniff(b"GIF89a") is None


@pytest.mark.django_db
def test_too_many_pixels_is_refused_before_decoding(progress, monkeypatch):
    import prongsai.measures.evidence as evidence_module

    monkeypatch.setattr(evidence_module, "MAX_PIXELS", 100 * 100 - 1)
    buf = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buf, "PNG")
    with pytest.raises(EvidenceError, match="พิกเซล"):
        add_upload(progress, SimpleUploadedFile("big.png", buf.getvalue()))


@pytest.mark.django_db(transaction=True)
def test_files_go_with_their_evidence(laksi_round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round)
    progress = MeasureProgress.objects.filter(measure__issue__plan=plan).first()
    photo = add_upload(progress, SimpleUploadedFile("a.jpg", photo_with_gps()))
    paths = [Path(photo.file.path), Path(photo.thumbnail.path)]
    assert all(p.exists() for p in paths)
    plan.delete()  # cascades to the evidence
    assert not any(p.exists() for p in paths)


@pytest.mark.django_db
def test_a_file_that_only_starts_like_a_pdf_is_refused(progress):
    """A tester's 13 bytes of text named .pdf were kept as evidence nobody could open."""
    for data in (b"%PDF-1.4 test", b"%PDF-1.7\n" + b"x" * 5000):  # text; a PDF cut short (no %%EOF)
        with pytest.raises(EvidenceError, match="PDF"):
            add_upload(progress, SimpleUploadedFile("report.pdf", data))
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_same_file_or_link_again_is_not_stored_twice(progress, client, django_user_model):
    """The tester's Back button: the browser put the chosen photo back in the form and the second
    save stored it again, printing it twice in the report. The same bytes or link on the same record
    is the evidence already there; another file, or the same file on another record, is new."""
    from django.urls import reverse


    data = photo_with_gps()
    first = add_upload(progress, SimpleUploadedFile("a.jpg", data), caption="ประชุม")
    again = add_upload(progress, SimpleUploadedFile("a (1).jpg", data), caption="ประชุม")
    assert again.pk == first.pk and progress.evidence.count() == 1
    other = add_upload(progress, SimpleUploadedFile("b.jpg", photo_with_gps(size=(1000, 800))))
    assert other.pk != first.pk
    link = add_link(progress, "https://www.bangkok.go.th/laksi/news/1")
    assert add_link(progress, "https://www.bangkok.go.th/laksi/news/1").pk == link.pk
    elsewhere = MeasureProgress.objects.exclude(pk=progress.pk).filter(measure__issue__plan=progress.measure.issue.plan,
                                                                      ).exclude(measure=progress.measure).first()
    assert add_upload(elsewhere, SimpleUploadedFile("a.jpg", data)).progress_id == elsewhere.pk  # another measure: its own
    assert progress.evidence.count() == 3
    # the 12-month report shows the 6-month photos: the same photo saved in the 12-month round is that one
    from prongsai.measures.models import ReportingRound

    six = progress.reporting_round
    twelve = ReportingRound.objects.create(plan=six.plan, code="12m", start=six.start, end=dt.date(six.start.year + 1, 9, 30))
    later = MeasureProgress.objects.create(measure=progress.measure, reporting_round=twelve)
    assert add_upload(later, SimpleUploadedFile("a.jpg", data)).pk == first.pk and not later.evidence.exists()

    # on the page: saved again after Back, the photo is there once and the page says so
    staff = django_user_model.objects.create_user("staff-e", password="x-long-password-1", is_staff=True)
    client.force_login(staff)
    url = reverse("measures:progress", args=[progress.measure_id, progress.reporting_round_id])
    response = client.post(url, {"p-status": "done", "p-result": "ประชุมแล้ว", "e-file": SimpleUploadedFile("a.jpg", data),
                                 "e-caption": "ประชุม"}, follow=True)
    assert progress.evidence.count() == 3
    assert "แนบไว้แล้ว จึงไม่เพิ่มซ้ำ: a.jpg" in response.content.decode()
    # one new photo chosen twice in one save: stored once, and said (a tester's four copies stored one, silently)
    import io

    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buf, "JPEG")
    other = buf.getvalue()
    response = client.post(url, {"p-status": "done", "p-result": "ประชุมแล้ว", "e-file": [
        SimpleUploadedFile("b.jpg", other), SimpleUploadedFile("b-copy.jpg", other)]}, follow=True)
    assert progress.evidence.count() == 4
    assert "แนบไว้แล้ว จึงไม่เพิ่มซ้ำ: " in response.content.decode()


def test_a_refused_file_is_said_with_the_other_mistakes_at_once(progress, client, django_user_model):
    """A tester sent a fake JPEG with a bad link: only the link was refused, and the file only on
    the second try. Every refusal shows the first time, and nothing is stored."""
    from django.urls import reverse

    staff = django_user_model.objects.create_user("staff-f", password="x-long-password-1", is_staff=True)
    client.force_login(staff)
    url = reverse("measures:progress", args=[progress.measure_id, progress.reporting_round_id])
    before = (progress.evidence.count(), MeasureProgress.objects.get(pk=progress.pk).result)
    page = client.post(url, {"p-status": "done", "p-result": "ประชุมแล้ว", "e-url": "not a link",
                             "e-file": SimpleUploadedFile("photo.jpg", b"this is not a photo")}).content.decode()
    assert "photo.jpg:" in page  # the file's refusal …
    assert '<p class="error">กรุณาใส่ที่อยู่ของหน้าเว็บ (http:// หรือ https://) เช่น https://www.bangkok.go.th/…</p>' in page  # … and the link's, together
    assert (progress.evidence.count(), MeasureProgress.objects.get(pk=progress.pk).result) == before


@pytest.mark.django_db
def test_photos_of_one_save_download_under_names_of_their_own(progress, settings, tmp_path):
    """A tester's two photos of one save both downloaded as ภาพการอบรม-20-ก-พ-2568.jpg (their shared caption)."""
    settings.MEDIA_ROOT = tmp_path
    photos = []
    for color in ("red", "blue"):
        buf = io.BytesIO()
        Image.new("RGB", (20, 20), color).save(buf, "PNG")
        photos.append(add_upload(progress, SimpleUploadedFile(f"{color}.png", buf.getvalue()), "ภาพการอบรม 20 ก.พ. 2568"))
    names = [p.download_name(p.file) for p in photos]
    assert names[0] != names[1]
    assert all(n.startswith("ภาพการอบรม-20-ก-พ-2568-") for n in names)
    link = add_link(progress, "https://www.bangkok.go.th/laksi")
    assert link.download_name(link.file) == f"evidence-{link.pk}"  # no caption: its number alone, as before

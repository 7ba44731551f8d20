"""Rendered documents are kept under a digest of what they are made of: the same document is laid
out once; any change to it, its photos or the format is another file."""
import os

from prongsai.documents import generate
from prongsai.documents.model import Cell, Column, Document, Image, Section, Table
from prongsai.documents.tests.samples import make_photo


def _doc(text: str, photo=None) -> Document:
    cell = Cell(text, images=[Image(photo, "ภาพกิจกรรม")] if photo else [])
    return Document(title="รายงานผลการดำเนินการ", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                    sections=[Section(table=Table([Column("ผลการดำเนินการ", 1)], [[cell]]))])


def test_the_same_document_is_laid_out_once(monkeypatch, tmp_path):
    import prongsai.documents.docx as docx
    import prongsai.documents.pdf as pdf

    calls = []
    real_pdf, real_docx = pdf.render_pdf, docx.render_docx
    monkeypatch.setattr(pdf, "render_pdf", lambda doc: calls.append("pdf") or real_pdf(doc))
    monkeypatch.setattr(docx, "render_docx", lambda doc: calls.append("docx") or real_docx(doc))
    photo = make_photo(tmp_path / "a.jpg", size=(400, 300))
    first = generate.render(_doc("อบรมแล้ว", photo), "pdf")
    assert first.startswith(b"%PDF-") and calls == ["pdf"]
    assert generate.render(_doc("อบรมแล้ว", photo), "pdf") == first and calls == ["pdf"]  # an equal document: kept
    generate.render(_doc("อบรมแล้วเสร็จ", photo), "pdf")  # one word more
    generate.render(_doc("อบรมแล้ว", photo), "docx")  # the other format
    assert calls == ["pdf", "pdf", "docx"]
    make_photo(photo, hue=120, size=(400, 300))  # the same photo file, replaced
    os.utime(photo, ns=(1, 1))  # (its size may be the same: its time is not)
    generate.render(_doc("อบรมแล้ว", photo), "pdf")
    assert calls == ["pdf", "pdf", "docx", "pdf"]


def test_a_large_file_is_not_kept(monkeypatch):
    import prongsai.documents.pdf as pdf

    calls = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda doc: calls.append(1) or real(doc))
    monkeypatch.setattr(generate, "CACHE_MAX_BYTES", 100)
    generate.render(_doc("อบรมแล้ว"), "pdf")
    generate.render(_doc("อบรมแล้ว"), "pdf")
    assert len(calls) == 2

"""The printable A4 poster of a questionnaire link: the agency, the tool, a QR code and the
short address. HTML rendered to PDF by WeasyPrint (Pango breaks Thai lines); QR by segno."""
from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import SurveyLink


def qr_svg_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=10, border=2)


def poster_pdf(link: SurveyLink, url: str) -> bytes:
    from weasyprint import HTML

    rnd = link.round
    pack = rnd.pack
    closes = None
    if rnd.closes_at:  # Thai date, Buddhist era, Bangkok time
        local = timezone.localtime(rnd.closes_at)
        closes = f"{local.day}/{local.month}/{local.year + 543} เวลา {local:%H:%M} น."
    with translation.override("th"):
        html = render_to_string("surveys/poster.html", {
            "link": link, "round": rnd, "url": url, "qr": qr_svg_uri(url),
            "tool": pack.tool(link.tool), "closes": closes, "languages": pack.languages.get(link.tool) or ["th"],
        })
    return HTML(string=html).write_pdf()

"""The printable A4 poster of a questionnaire link: the agency, the tool, a QR code and the
short address. HTML rendered to PDF by WeasyPrint (Pango breaks Thai lines); QR by segno."""
from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation

from .models import SurveyLink


def qr_svg_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=10, border=2)


def poster_pdf(link: SurveyLink, url: str) -> bytes:
    from weasyprint import HTML

    rnd = link.round
    pack = rnd.pack
    languages = pack.languages.get(link.tool) or ["th"]
    from prongsai.documents.html import font_faces

    with translation.override("th"):
        html = render_to_string("surveys/poster.html", {
            "link": link, "round": rnd, "url": url, "qr": qr_svg_uri(url), "fonts": font_faces(),
            "tool": pack.tool(link.tool), "languages": languages, "notes": notes(rnd, languages),
        })
    return HTML(string=html).write_pdf()


def notes(rnd, languages: list[str]) -> list[tuple[str, list[str]]]:
    """What the questionnaire itself says of its anonymity and its window, in each language it is
    offered in (a tester: the poster advertised four languages and spoke only Thai below the QR code)."""
    from django.utils.translation import gettext

    from prongsai.measures.templatetags.plans import be_datetime

    from .questionnaire import DJANGO_LANGUAGE

    out = []
    for language in languages:
        with translation.override(DJANGO_LANGUAGE.get(language, language)):
            lines = [gettext("This questionnaire is anonymous: no name, login, IP address or browser details are stored with your answers.")]
            if rnd.opens_at and rnd.closes_at:
                lines.append(gettext("Answers will be accepted from %(opens)s to %(closes)s (Bangkok time).")
                             % {"opens": be_datetime(rnd.opens_at), "closes": be_datetime(rnd.closes_at)})
        out.append(("zh-Hans" if language == "zh" else language, lines))
    return out

"""Public questionnaires (no login): /s/<code>/ for one round's IIT or EIT."""
from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from prongsai.documents.thai import fiscal_year_of

from prongsai.middleware import session_untouched

from .intake import BadToken, issue_token, record_response, token_used
from .models import SurveyLink, link_for_code
from .questionnaire import DJANGO_LANGUAGE, LANGUAGE_NAMES, QuestionnaireForm, e3_lines, languages, pick_language
from .ratelimit import allow

SENT_COOKIE = "prongsai_sent"  # a bare flag on the respondent's phone; nothing is kept on the server
SENT_MAX_AGE = 12 * 3600


def _sent_path(link: SurveyLink) -> str:
    return reverse("surveys:questionnaire", args=[link.code])


def _origin_only(view):
    """The questionnaire's pages send only the site's origin as Referer with what they load (its
    styles, its icon): a web server's log of those requests would otherwise hold /s/<code>/ beside
    the client's address, though /s/ itself is not logged (docs/deployment.md). Not "no-referrer":
    with it the browser sends `Origin: null` with the form, and the CSRF check refuses every answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "origin"  # SecurityMiddleware's same-origin only where none is set
        return response

    return wrapped


def unknown_link(request):
    """The page of a code that leads nowhere, in every language a questionnaire is offered in (whose
    it was is unknown), with the way back: the poster's address or its QR code."""
    from django.utils.translation import gettext

    lines = []
    for code in LANGUAGE_NAMES:
        with translation.override(DJANGO_LANGUAGE[code]):
            lines.append({"lang": "zh-Hans" if code == "zh" else code, "title": gettext("This questionnaire link does not exist"),
                          "text": gettext("Check the address on the poster letter by letter, or scan its QR code again.")})
    return render(request, "surveys/unknown.html", {"lines": lines}, status=404)


def phone_language(request, offered: list[str]) -> str | None:
    """The first of the phone's languages (Accept-Language) the questionnaire is offered in: a
    visitor whose phone reads Chinese lands on the Chinese page, not the Thai one."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for tag, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = tag.split("-")[0].lower()
        if code in offered:
            return code
    return None


def _context(link: SurveyLink, language: str, **extra) -> dict:
    rnd = link.round
    th, en = rnd.agency.name_th, rnd.agency.name_en or rnd.agency.name_th
    # an agency has Thai and English names; in Chinese or Burmese both, as a unit without a name in
    # the language is given: the Thai its signs read, the English a reader may know (a tester read English alone)
    names = {"th": th, "en": en}
    return {
        "link": link, "round": rnd, "tool": link.tool, "pack": rnd.pack, "language": language,
        "agency_name": names.get(language, th if en == th else f"{th} ({en})"),
        "tool_name": rnd.pack.tool(link.tool).name.get(language),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in languages(rnd, link.tool)],
        **extra,
    }


@session_untouched
@_origin_only
def questionnaire(request, code: str):
    link = link_for_code(code)
    if link is None:  # a mistyped address from a poster, or an old link
        return unknown_link(request)
    wanted = (request.POST.get("lang") or request.POST.get("current_lang") or request.GET.get("lang")
              or phone_language(request, languages(link.round, link.tool)))
    language = pick_language(link.round, link.tool, wanted)
    with translation.override(DJANGO_LANGUAGE[language]):
        response = _questionnaire(request, link, language)
    patch_vary_headers(response, ["Accept-Language"])  # the first page's language follows the phone's
    # never kept by the browser: Back on a shared device must not bring one person's page to the next
    patch_cache_control(response, no_store=True)
    return response


def _questionnaire(request, link: SurveyLink, language: str):
    rnd, tool = link.round, link.tool
    if not rnd.is_open():
        return _closed_page(request, link, language)
    if request.method == "POST" and request.POST.get("again"):
        # "a questionnaire for another person" on a shared device: the mark of the last one sent goes
        # and an empty form opens; Back to an earlier form then finds the mark again ("sent"), so one
        # person's answers are neither shown to the next nor sent twice (a tester's shared tablet)
        # in the device's language, not the last person's (a tester: the next one may read another)
        response = redirect(request.path)
        response.delete_cookie(SENT_COOKIE, path=_sent_path(link), samesite="Lax")
        return response
    switching = request.method == "POST" and request.POST.get("lang")
    if (request.method != "POST" or switching) and request.COOKIES.get(SENT_COOKIE):
        # the back button after sending (to the page or, resent, to a language switch): say so instead
        # of offering the same answers again
        return render(request, "surveys/sent.html", _context(link, language))
    if tool == "IIT" and rnd.pack.eligibility.get("IIT"):
        eligible = request.POST.get("eligible") or request.GET.get("eligible")
        if eligible == "no":
            return render(request, "surveys/ineligible.html", _context(link, language))
        if eligible != "yes":
            text = rnd.pack.eligibility["IIT"].text.get(language)
            return render(request, "surveys/eligibility.html",
                          _context(link, language, question=text, unanswered=request.GET.get("asked") == "1"))  # Next without an answer: said in the page's language
    if request.method != "POST":
        form = QuestionnaireForm(rnd, tool, language, initial={"token": issue_token()})
        return _page(request, link, language, form, show_errors=False)
    form = QuestionnaireForm(rnd, tool, language, data=request.POST)
    if request.POST.get("lang"):  # a language button: switching language keeps every answer
        return _page(request, link, language, form, show_errors=False)
    if not allow(request):
        return render(request, "surveys/busy.html", _context(link, language), status=429)
    if not form.is_valid():
        return _page(request, link, language, form, show_errors=True)
    try:
        record_response(rnd, form.answer(), form.cleaned_data["token"])
    except BadToken:
        return _send_again(request, link, language, "expired")
    response = redirect(f"{reverse('surveys:thanks', args=[link.code])}?lang={language}", permanent=False)
    response.set_cookie(SENT_COOKIE, "1", max_age=SENT_MAX_AGE, path=_sent_path(link), httponly=True, samesite="Lax",
                        secure=request.is_secure())
    return response


def _closed_page(request, link, language):
    """Outside the collection window: when it opens or opened and closed, or that the round's fiscal
    year is over (a window must fall within it, so it never opens); a sent form stored nothing."""
    rnd = link.round
    not_yet = rnd.opens_at is not None and timezone.now() < rnd.opens_at
    year_over = fiscal_year_of(timezone.localdate()) > rnd.fiscal_year
    return render(request, "surveys/closed.html",
                  _context(link, language, posted=request.method == "POST", not_yet=not_yet, year_over=year_over),
                  status=403 if request.method == "POST" else 200)


def _send_again(request, link, language, notice: str):
    """The sent answers back on the page with a fresh token, to be sent again; nothing is stored."""
    data = request.POST.copy()
    data["token"] = issue_token()
    form = QuestionnaireForm(link.round, link.tool, language, data=data)
    return _page(request, link, language, form, show_errors=False, notice=notice)


def _page(request, link, language, form, show_errors: bool, notice: str | None = None):
    """The questionnaire, with the answers a POST brought back (a language switch, a missing answer, a
    send to repeat) — never those of a questionnaire already sent (the posted token used), whatever the
    device's mark says: Back on a shared device resends older pages (a reviewer). The "sent" page then."""
    if request.method == "POST" and token_used(request.POST.get("token", "")):
        return render(request, "surveys/sent.html", _context(link, language))
    form.use_required_attribute = False  # the page lists what is missing itself, in every language
    context = _context(
        link, language, form=form, show_errors=show_errors and bool(form.errors), notice=notice,
        e3_lines=e3_lines(link.round.pack, language), eligible="yes" if link.tool == "IIT" else "",
    )
    return render(request, "surveys/questionnaire.html", context, status=200)


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW: a questionnaire of this site's own page refused for its cookie or
    token (cookies cleared or blocked, a page kept from another day) comes back with its answers and
    a fresh token and cookie, to be sent again; nothing is stored. A request from another site (its
    origin or referer, or the browser's Sec-Fetch-Site, says so) gets Django's refusal: re-showing
    its answers would let that site hand a respondent a questionnaire ticked in advance."""
    from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE
    from django.urls import Resolver404, resolve
    from django.views.csrf import csrf_failure as django_failure

    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    own_page = request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin" and (
        reason in (REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING) or reason.startswith("CSRF token from"))
    if request.method != "POST" or match is None or match.view_name != "surveys:questionnaire" or not own_page:
        return django_failure(request, reason)
    response = _refused(request, match.kwargs["code"])
    response.status_code = 403
    return response


@session_untouched
@_origin_only
def _refused(request, code: str):
    """csrf_failure's page of a questionnaire: its answers to send again, or why it cannot be."""
    link = link_for_code(code)
    if link is None:
        return unknown_link(request)
    wanted = request.POST.get("lang") or request.POST.get("current_lang")  # as the questionnaire reads it
    language = pick_language(link.round, link.tool, wanted)
    with translation.override(DJANGO_LANGUAGE[language]):
        if not link.round.is_open():
            return _closed_page(request, link, language)
        return _send_again(request, link, language, "refused")


@session_untouched
@_origin_only
def thanks(request, code: str):
    link = link_for_code(code)
    if link is None:  # a mistyped address from a poster, or an old link
        return unknown_link(request)
    language = pick_language(link.round, link.tool, request.GET.get("lang"))
    with translation.override(DJANGO_LANGUAGE[language]):
        return render(request, "surveys/thanks.html", _context(link, language))

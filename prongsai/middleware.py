"""Thai first: the UI is Thai unless the person chose English (the language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, which would show most
office PCs (set to English) an English UI; our users expect Thai and switch when they want.

Sessions end SESSION_COOKIE_AGE after the last request a person made (SlidingSessionMiddleware).
"""
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def session_untouched(view):
    """Marks a view whose requests leave a session as it is:
    - what a page calls on its own (the collection counts every 30 s), so an office PC left on that
      page still logs out (a reviewer);
    - the public questionnaire: a staff member answering from a logged-in browser must not have their
      session row re-dated at the moment a questionnaire is sent (anonymity, SECURITY.md §2)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.session_untouched = True
        return view(request, *args, **kwargs)
    return wrapped


RENEW_AFTER_SECONDS = 300  # a session is saved again at most this often: not a database write per page


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's, with a logged-in session's age counted from the person's last request, not the
    login: a coordinator who logged in at eight and saved a long result after four lost it to the
    login page (a tester). Only a logged-in person's pages count — not views marked
    `session_untouched`, not a page that was not found (404), not the browser's own /favicon.ico —
    and the session is saved again at most every RENEW_AFTER_SECONDS (each save is a write)."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (session is not None and not getattr(request, "session_untouched", False) and response.status_code != 404
                and user is not None and user.is_authenticated):
            now = int(time.time())
            if now - session.get("_active", 0) >= RENEW_AFTER_SECONDS:
                session["_active"] = now  # saved, and its cookie sent again with a new expiry
        return super().process_response(request, response)


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

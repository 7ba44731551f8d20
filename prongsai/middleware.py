"""Thai first: the UI is Thai unless the person chose English (the language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, which would show most
office PCs (set to English) an English UI; our users expect Thai and switch when they want.
"""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

"""The WSGI application gunicorn serves (docs/deployment.md), warmed before its first request."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
application = get_wsgi_application()


def warm() -> None:
    """What a worker would otherwise do at its first requests, while respondents wait: import every
    view (the URLs), read the translations, load the shipped packs and build their questionnaires'
    fields. Under gunicorn --preload this runs once in the master, so every worker, and one started
    in place of a worker that died, is a warm fork of it. It opens no database connection: one
    opened here would be shared by the forks."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    from prongsai.scoring.packs import shipped_packs
    from prongsai.surveys.questionnaire import warm as warm_questionnaire

    get_resolver().url_patterns
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Questions")
    for framework in shipped_packs():
        warm_questionnaire(framework)


warm()

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from prongsai.middleware import session_untouched


@session_untouched
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("prongsai/favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("prongsai.reports.urls")),
    path("", include("prongsai.surveys.urls")),
    path("oit/", include("prongsai.oit.urls")),
    path("plans/", include("prongsai.measures.urls")),
    path("documents/", include("prongsai.documents.urls")),
    path("people/", include("prongsai.people.urls")),
    path("central/", include("prongsai.central.urls")),
    path("frameworks/", include("prongsai.frameworks.urls")),
    path("api/", include("prongsai.api.urls")),
]

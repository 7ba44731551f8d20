from django.urls import path, re_path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^(?P<kind>analysis|plan)/(?P<agency>[\w-]+)/(?P<year>\d{4})\.(?P<fmt>pdf|docx)$",
            views.document_file, name="file"),
    re_path(r"^progress/(?P<agency>[\w-]+)/(?P<year>\d{4})/(?P<reporting_round>[^/]+?)\.(?P<fmt>pdf|docx)$",
            views.progress_file, name="progress"),
]

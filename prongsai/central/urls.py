from django.urls import path, re_path

from . import views

app_name = "central"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>.xlsx", views.year_xlsx, name="year_xlsx"),
    re_path(r"^(?P<year>\d{4})\.(?P<fmt>pdf|docx)$", views.year_document, name="year_document"),
    path("years/", views.trends, name="trends"),
    path("years.xlsx", views.trends_xlsx, name="trends_xlsx"),
    path("agencies/<int:pk>/", views.agency, name="agency"),
    path("plans/", views.plans, name="plans"),
    path("plans.xlsx", views.plans_xlsx, name="plans_xlsx"),
    # central measures (seed 003)
    path("measures/", views.measures, name="measures"),
    path("measures/new/", views.measure_edit, name="measure_new"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/answers/<int:pk>/", views.answer, name="answer"),
    path("measures/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    re_path(r"^measures/(?P<year>\d{4})\.(?P<fmt>pdf|docx)$", views.compiled, name="compiled"),
]

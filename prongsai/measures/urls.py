from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:pk>/analysis/", views.analysis, name="analysis"),
    path("rounds/<int:pk>/what-if/", views.whatif, name="whatif"),
    path("rounds/<int:pk>/what-if.json", views.whatif_json, name="whatif_json"),
    path("rounds/<int:pk>/plan/", views.plan_create, name="plan_create"),
    path("agencies/<str:code>/years/", views.years, name="years"),
    path("library/", views.library, name="library"),
    path("library/new/", views.library_edit, name="library_new"),
    path("library/<int:pk>/edit/", views.library_edit, name="library_edit"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/dashboard/", views.plan_dashboard, name="dashboard"),
    path("<int:pk>/issues/new/", views.issue_new, name="issue_new"),
    path("issues/<int:pk>/", views.issue_edit, name="issue_edit"),
    path("issues/<int:issue>/measures/new/", views.measure_edit, name="measure_new"),
    path("measures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/reporting-rounds/new/", views.reporting_round_new, name="reporting_round_new"),
    path("reporting-rounds/<int:pk>/", views.reporting_round, name="reporting_round"),
    path("reporting-rounds/<int:pk>/delete/", views.reporting_round_delete, name="reporting_round_delete"),
    path("reporting-rounds/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reporting-rounds/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("progress/<int:measure>/<int:rr>/", views.progress_edit, name="progress"),
    path("progress/<int:measure>/<int:rr>/ask-change/", views.progress_ask_change, name="progress_ask_change"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/thumb/", views.evidence_file, {"thumb": True}, name="evidence_thumb"),
    path("evidence/<int:pk>/caption/", views.evidence_caption, name="evidence_caption"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]

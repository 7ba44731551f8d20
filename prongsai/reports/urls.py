from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/<int:pk>/", views.round_report, name="round"),
    path("rounds/<int:pk>/report.json", views.round_json, name="round_json"),
    path("rounds/<int:pk>/report.xlsx", views.round_xlsx, name="round_xlsx"),
]

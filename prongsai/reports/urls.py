from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/<int:pk>/", views.round_report, name="round"),
]

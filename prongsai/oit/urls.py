from django.urls import path

from . import views

app_name = "oit"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:pk>/", views.assess, name="assess"),
    path("rounds/<int:pk>/readiness/", views.readiness_view, name="readiness"),
    path("rounds/<int:pk>/check-links/", views.check_links, name="check_links"),
    path("rounds/<int:pk>/submit-ready/", views.submit_ready_view, name="submit_ready"),
    path("rounds/<int:pk>/items/<str:item>/", views.item, name="item"),
    path("rounds/<int:pk>/items/<str:item>/verdict/", views.verdict, name="verdict"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    # public, stable: the agency's open-data page and its machine-readable copies
    path("<str:agency_code>/<int:year>/", views.public, name="public"),
    path("<str:agency_code>/<int:year>/open-data.json", views.public_json, name="public_json"),
    path("<str:agency_code>/<int:year>/open-data.csv", views.public_csv, name="public_csv"),
]

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"
router = SimpleRouter(use_regex_path=False)  # path converters: <int:pk>, <str:code>
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("disclosures", views.DisclosureViewSet, basename="disclosure")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    *router.urls,
]

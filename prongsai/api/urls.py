from django.http import JsonResponse
from django.urls import path, re_path
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.exceptions import NotFound
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



class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, always in English (DRF's own descriptions would follow the request)."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            response.render()
            return response


@csrf_exempt  # it changes nothing; without this a PATCH would get the HTML CSRF page
def not_found(request, rest=""):
    """Any other address under /api/ (a negative id, a typo): JSON, like the API's other 404s."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("openapi.json", SchemaView.as_view(), name="schema"),
    *router.urls,
    re_path(r"^(?P<rest>.*)$", not_found),
]

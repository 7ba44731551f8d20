from django.urls import path

from . import staff_views, views

app_name = "surveys"
urlpatterns = [
    path("s/<str:code>/", views.questionnaire, name="questionnaire"),
    path("s/<str:code>/thanks/", views.thanks, name="thanks"),
    path("rounds/new/", staff_views.round_new, name="round_new"),
    path("rounds/<int:pk>/collection/", staff_views.collection, name="collection"),
    path("rounds/<int:pk>/collection.json", staff_views.collection_json, name="collection_json"),
    path("rounds/<int:pk>/collection/window/", staff_views.window, name="window"),
    path("rounds/<int:pk>/collection/targets/", staff_views.targets, name="targets"),
    path("rounds/<int:pk>/poster/<str:tool>.pdf", staff_views.poster, name="poster"),
    path("imports/responses/", staff_views.import_responses, name="import"),
]

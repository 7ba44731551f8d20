from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("s/<str:code>/", views.questionnaire, name="questionnaire"),
    path("s/<str:code>/thanks/", views.thanks, name="thanks"),
]

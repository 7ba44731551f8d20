from django.urls import path

from . import views

app_name = "central"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/", views.year, name="year"),
    path("years/", views.trends, name="trends"),
    path("agencies/<int:pk>/", views.agency, name="agency"),
]

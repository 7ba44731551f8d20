from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("carry/", views.carry, name="carry"),
    path("<slug:code>.yaml", views.download, name="download"),
    path("<slug:code>/remove/", views.remove, name="remove"),
]

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.me, name="me"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("audit/", views.audit_log, name="audit"),
]

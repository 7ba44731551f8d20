from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "prongsai.people"
    label = "people"

    def ready(self):
        from django.contrib import admin

        from .forms import ThrottledAdminLoginForm

        admin.site.login_form = ThrottledAdminLoginForm  # /admin/login/ is throttled like /people/login/

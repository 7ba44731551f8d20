from django.apps import AppConfig


class CentralConfig(AppConfig):
    name = "prongsai.central"
    label = "central"

    def ready(self):
        from . import measures  # noqa: F401  (evidence files go with their rows)

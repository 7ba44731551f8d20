from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "prongsai.measures"
    label = "measures"

    def ready(self):
        from . import signals  # noqa: F401 - connects the evidence file clean-up

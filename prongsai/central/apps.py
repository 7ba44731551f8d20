from django.apps import AppConfig


class CentralConfig(AppConfig):
    name = "prongsai.central"
    label = "central"

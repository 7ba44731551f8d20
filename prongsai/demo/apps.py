from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "prongsai.demo"
    label = "demo"

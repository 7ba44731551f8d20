from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "prongsai.backups"
    label = "backups"

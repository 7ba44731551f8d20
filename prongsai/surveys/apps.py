from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "prongsai.surveys"
    label = "surveys"

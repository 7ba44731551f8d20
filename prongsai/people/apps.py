from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "prongsai.people"
    label = "people"

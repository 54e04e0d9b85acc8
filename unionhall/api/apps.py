from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "unionhall.api"
    label = "api"

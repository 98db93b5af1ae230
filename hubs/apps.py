from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    default_auto_field = "django.db.models.BigAutoField"

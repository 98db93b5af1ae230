from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import hub_panels, timeline  # noqa: F401  (register timeline providers and hub panels)

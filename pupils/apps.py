from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import timeline  # noqa: F401  (registers the timeline providers)
        from . import ehc_timeline  # noqa: F401  (EHC events on the timeline)

from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the timeline providers and the panels this app adds to hub pages.
        from . import ehc_timeline, hub_panels, timeline  # noqa: F401

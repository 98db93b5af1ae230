from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the timeline providers and the panels this app adds to hub pages.
        import pupils.ehc.timeline  # noqa: F401
        import pupils.places.panels  # noqa: F401
        import pupils.places.timeline  # noqa: F401
        import pupils.records.retention  # noqa: F401  (import previews' retention, issue 14)
        import pupils.support.timeline  # noqa: F401
        import pupils.work  # noqa: F401  ("Your work" items on the home page)

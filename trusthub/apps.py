from django.apps import AppConfig


class TrusthubConfig(AppConfig):
    name = "trusthub"
    verbose_name = "Trust SEND hub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import trusthub.work  # noqa: F401  ("Your work" items on the home page)

from django.apps import AppConfig


class SendhubConfig(AppConfig):
    name = "sendhub"
    verbose_name = "SEND Hub Portal core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit, background, checks, files, links  # noqa: F401  (signal receivers, system checks)
        from .downloads import services as downloads  # noqa: F401  (its retention rule)

        files.connect()  # uploaded files no record points to are deleted (issue 14)

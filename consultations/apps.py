import logging

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # WeasyPrint logs every rendering step at INFO; the portal logs at INFO by default.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from . import exports

        exports.register()  # the responses CSV, prepared in the background (sendhub.downloads)

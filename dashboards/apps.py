from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The home page's headline figures: registered with the core, which names no app.
        import dashboards.home  # noqa: F401

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The home page's headline figures: registered with the core, which names no app.
        import dashboards.home  # noqa: F401
        from dashboards.registry import register_section
        from trusthub.figures import training_section

        # The trust SEND hub's training, feedback and review actions on the trust dashboard.
        register_section(
            key="trust-hub",
            title="Trust SEND hub: training and school reviews",
            kinds=("trust",),
            build=training_section,
        )

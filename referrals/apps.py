from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import referrals.intake.timeline  # noqa: F401  (registers the pupil timeline provider)
        import referrals.work  # noqa: F401  ("Your work" items on the home page)

"""System checks that keep the one access policy the only way to pupil data."""

from django.apps import apps
from django.core import checks

PUPIL_APPS = {"pupils", "referrals", "hubs", "consultations"}


@checks.register()
def pupil_models_declare_access(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A model that points at a pupil must say how it reaches one, and scope its queryset."""
    from .access import ScopedQuerySet

    try:
        pupil_model = apps.get_model("pupils", "Pupil")
    except LookupError:
        return []
    errors = []
    for model in apps.get_models():
        if model._meta.app_label not in PUPIL_APPS or model.__name__.startswith("Historical"):
            continue
        points_at_pupil = model is pupil_model or any(
            f.is_relation and f.related_model is pupil_model and (f.many_to_one or f.one_to_one)
            for f in model._meta.get_fields()
            if not f.auto_created
        )
        if not points_at_pupil:
            continue
        if getattr(model, "access_paths", None) is None:
            errors.append(
                checks.Error(
                    f"{model._meta.label} holds pupil data but declares no access_paths",
                    hint="Add access_paths = AccessPaths(...) so sendhub.access can scope it.",
                    obj=model,
                    id="sendhub.E001",
                )
            )
        elif not isinstance(model._default_manager.all(), ScopedQuerySet):
            errors.append(
                checks.Error(
                    f"{model._meta.label}'s default manager is not a ScopedQuerySet",
                    hint="Use a manager built from sendhub.access.ScopedQuerySet so visible_to() exists.",
                    obj=model,
                    id="sendhub.E002",
                )
            )
    return errors

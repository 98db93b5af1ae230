from django import forms

from sendhub.forms import GDSForm

from .kinds import KINDS, NONE, NOW

CHANNELS = [
    ("now", "Email me at once"),
    ("digest", "Email me a daily digest at 7am"),
    ("none", "No email (the notice stays here)"),
]


class PreferencesForm(GDSForm):
    """One choice per kind of notice. Withdrawn consent cannot be turned off."""

    submit_label = "Save your choices"

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            choices = CHANNELS if kind.may_turn_off else [c for c in CHANNELS if c[0] != NONE]
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(key, kind.default),
                widget=forms.RadioSelect,
                help_text="" if kind.may_turn_off else "You always get an email when consent is withdrawn.",
            )
        # The button goes last again, after the fields added here.
        self.set_layout(*KINDS.keys())

    def clean(self):
        data = super().clean()
        for key, kind in KINDS.items():
            if not kind.may_turn_off and data.get(key) == NONE:
                data[key] = NOW
        return data

"""Operator tool: give an account a confirmed authenticator-app key (replacing any).

    python manage.py two_factor_enrol someone@example.org            # the key and its otpauth:// address
    python manage.py two_factor_enrol someone@example.org --key-only # the base32 key alone

For scripted checks of a production-like run (the smoke test signs in with a code made from
this key) and for an operator enrolling someone in person. The key is a secret: whoever has
it can make that account's codes. Recovery codes are not touched.
"""

from django.core.management.base import BaseCommand, CommandError

from sendhub import twofactor
from sendhub.models import User


class Command(BaseCommand):
    help = "Enrol a confirmed TOTP device for an account (replacing any) and print its base32 key."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--key-only", action="store_true", help="Print only the base32 key")

    def handle(self, *args, email: str, key_only: bool, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}")
        device = twofactor.enrol_key(user=user)
        key = twofactor.base32_key(device)
        if key_only:
            self.stdout.write(key)
            return
        self.stdout.write(f"Key: {key}\nAddress for an app: {device.config_url}")

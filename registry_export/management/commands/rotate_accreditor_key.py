from django.core.management.base import BaseCommand

from registry_export import keys


class Command(BaseCommand):
    help = (
        "Make a new accreditor signing key current and keep the old public key, retired, so "
        "old proofs still verify. With ACCREDITOR_KEY set, change the setting first: this then "
        "records the configured key."
    )

    def handle(self, *args, **options):
        record = keys.accreditor_key_rotate()
        self.stdout.write(f"Current key: {keys.verification_method(record.public_key_multibase)}")

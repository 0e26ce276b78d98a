from django.utils.translation import gettext as _

from accreditation.management.base import LocalisedCommand
from registry_export import keys


class Command(LocalisedCommand):
    help = (
        "Make a new accreditor signing key current and keep the old public key, retired, so "
        "old proofs still verify. With ACCREDITOR_KEY set, change the setting first: this then "
        "records the configured key."
    )

    def handle(self, *args, **options):
        record = keys.accreditor_key_rotate()
        method = keys.verification_method(record.public_key_multibase)
        self.stdout.write(_("Current key: %(method)s") % {"method": method})

from accreditation.management.base import LocalisedCommand
from demo import second_factor


class Command(LocalisedCommand):
    languages = ("en",)  # a developer's tool, in English only

    help = (
        "Print the demo authenticator app's code of the moment: the second factor of the demo's "
        "staff, committee, reviewer and admin accounts (demo/second_factor.py)."
    )

    def handle(self, *args, **options):
        code, seconds = second_factor.current_code()
        self.stdout.write(f"{code}  (valid for {seconds} more seconds)")

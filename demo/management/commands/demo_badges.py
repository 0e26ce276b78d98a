import json
from pathlib import Path

from accreditation.management.base import LocalisedCommand
from accreditation.models import DossierState
from accreditation.selectors import current_public_records
from demo.badges import learner_badge


class Command(LocalisedCommand):
    languages = ("en",)  # a developer's tool, in English only

    help = (
        "Write sample learners' badges (Open Badges 3.0, embedding the register's signed "
        "endorsement) for one item in each public state, to paste or upload at /verify/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="demo-badges", metavar="DIR")

    def handle(self, *args, output, **options):
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        chosen = {}
        for credential_id, (_dossier_id, state) in current_public_records().items():
            chosen.setdefault(state, credential_id)
        written = 0
        for state in (
            DossierState.ACCREDITED,
            DossierState.SUSPENDED,
            DossierState.REVOKED,
            DossierState.EXPIRED,
        ):
            badge = learner_badge(chosen[state]) if state in chosen else None
            if badge is None:
                continue
            path = directory / f"{state}.json"
            path.write_text(json.dumps(badge, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(f"{path}  ({state})")
            written += 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} badges; try them at /ja/verify/."))

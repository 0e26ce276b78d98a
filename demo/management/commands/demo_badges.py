import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accreditation.management.base import LocalisedCommand
from accreditation.models import DossierState
from accreditation.selectors import current_public_records, published_item
from demo.badges import learner_badge

#: A learner completes the course this long after the item is certified (or sooner, if it
#: lapsed before).
COMPLETED_AFTER = timedelta(days=45)


def earned(credential_id):
    """When the demo learner earned the badge: while the item was certified, not today (a
    badge for an item that has since expired or been revoked was earned before)."""
    item = published_item(credential_id)
    lapsed = item.status_since or timezone.now()
    return min(item.decided_at + COMPLETED_AFTER, lapsed - timedelta(days=1))


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
            badge = (
                learner_badge(chosen[state], issued=earned(chosen[state]))
                if state in chosen
                else None
            )
            if badge is None:
                continue
            path = directory / f"{state}.json"
            path.write_text(json.dumps(badge, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(f"{path}  ({state})")
            written += 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} badges; try them at /ja/verify/."))

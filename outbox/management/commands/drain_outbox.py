from django.core.management.base import BaseCommand

from outbox import messages
from outbox.models import Message


class Command(BaseCommand):
    help = (
        "Deliver the outbox messages that are due, as beat does every minute (after an outage, "
        "or where no beat runs). --all takes those waiting for a retry too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Also deliver messages not yet due for a retry."
        )

    def handle(self, *args, all=False, **options):
        if all:
            waiting = Message.objects.filter(delivered_at=None).values_list("pk", flat=True)
            delivered = sum(messages.deliver(pk) for pk in list(waiting))
        else:
            delivered = messages.drain()
        left = Message.objects.filter(delivered_at=None).count()
        self.stdout.write(f"{delivered} delivered, {left} waiting")

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One promised piece of work: a Celery task's name and arguments, written in the
    transaction of the change that promised it, and marked delivered once it has run."""

    task = models.CharField(_("task"), max_length=200)
    #: Positional arguments: ids and plain values (JSON), never model instances.
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    #: Keyword arguments that must not sit readable in the database or a backup (the token of
    #: an invitation link): encrypted, and erased once delivered.
    sealed = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    #: When the sweep may next take it: a little after creation (the on-commit offer comes
    #: first), later after each failed attempt.
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The sweep's question, and the only hot one: what is waiting and due?
            models.Index(
                fields=["due_at"], condition=Q(delivered_at__isnull=True), name="outbox_waiting"
            ),
            models.Index(fields=["delivered_at"], name="outbox_delivered"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.arguments)}"

    @property
    def waiting(self):
        return self.delivered_at is None

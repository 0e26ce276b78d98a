"""A revision request, point by point: comments on fields of a version and the provider's answers.

Staff (at intake) and the committee (after review) attach each comment to a field of the
dossier, named by its JSON pointer in the interchange format (`/assessment/pass_criteria`).
The provider answers every comment before resubmitting; the answers are shown beside the
field-by-field diff of the next version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dossiers import Dossier, DossierVersion


class RevisionComment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="revision_comments")
    version = models.ForeignKey(
        DossierVersion, on_delete=models.PROTECT, related_name="revision_comments"
    )
    pointer = models.CharField(
        _("field"),
        max_length=200,
        help_text=_("The field commented on, as a JSON pointer into the dossier (/level/value)."),
    )
    comment = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_in = models.ForeignKey(
        DossierVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_comments",
        help_text=_("The version that answered the comment."),
    )

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("revision comment")
        verbose_name_plural = _("revision comments")

    def __str__(self):
        return f"{self.version} {self.pointer}"

    @property
    def is_answered(self):
        return bool(self.answer)

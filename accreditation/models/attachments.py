"""Files a provider attaches to a dossier: syllabus, sample assessment, rubric.

Files live in the private storage (never under MEDIA_URL) and are served by a view that checks
access to the dossier first. A submitted version keeps the attachments it was submitted with:
removing a file from the draft hides it from the working copy but never deletes it.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dossiers import Dossier, DossierVersion


class AttachmentKind(models.TextChoices):
    SYLLABUS = "syllabus", _("Syllabus")
    SAMPLE_ASSESSMENT = "sample_assessment", _("Sample assessment")
    RUBRIC = "rubric", _("Assessment rubric")
    OTHER = "other", _("Other evidence")


def private_storage():
    return storages["private"]


def attachment_path(instance, filename):
    """A name nobody can guess, keeping only the extension of what was uploaded."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}{suffix}"


class DossierAttachment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed from the draft at"), null=True, blank=True)
    versions = models.ManyToManyField(
        DossierVersion, related_name="attachments", blank=True, editable=False
    )

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def served_name(self):
        """The name it is shown and downloaded under: the uploaded name with the extension of
        what the file really is (services.attachments.served_name)."""
        from accreditation.services.attachments import served_name

        return served_name(self.original_name, PurePosixPath(self.file.name).suffix.lstrip("."))

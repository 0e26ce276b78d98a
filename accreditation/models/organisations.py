"""Provider organisations and the people who act for them."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    NATIONAL_UNIVERSITY = "national_university", _("National university")
    PUBLIC_UNIVERSITY = "public_university", _("Public university")
    PRIVATE_UNIVERSITY = "private_university", _("Private university")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    TECHNICAL_COLLEGE = "technical_college", _("College of technology")
    SPECIALISED_TRAINING_COLLEGE = "specialised_training_college", _("Specialised training college")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government body")
    NGO = "ngo", _("NGO / NPO")
    PROFESSIONAL_BODY = "professional_body", _("Professional body")
    QUALIFICATION_BODY = "qualification_body", _("Qualification body")


class ProviderOrganisation(models.Model):
    """An organisation that submits dossiers. Its members act through three groups.

    The groups carry django-guardian object permissions on the organisation's dossiers and
    versions, so that adding a member grants access to everything the organisation owns and
    removing one takes it away, without touching each dossier.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("type"), max_length=40, choices=ProviderKind.choices)
    country = models.CharField(_("country"), max_length=2, default="JP")
    website = models.URLField(_("website"), blank=True)
    quality_assurance = models.TextField(_("type of quality assurance"), blank=True)
    members_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="+", editable=False
    )
    editors_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="+", editable=False
    )
    managers_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("provider organisation")
        verbose_name_plural = _("provider organisations")
        permissions = [("create_dossier", _("Can create dossiers for the organisation"))]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if get_language() == "en" else self.name_ja


class MemberRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    organisation = models.ForeignKey(
        ProviderOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"

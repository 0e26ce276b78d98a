"""Provider organisations and the people who act for them."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bilingual import NamedInTwoLanguages


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


class QualityAssurance(models.TextChoices):
    """How the provider's own quality is assured (EU Annex I asks for the type)."""

    CERTIFIED_EVALUATION = "certified_evaluation", _("Certified evaluation (認証評価)")
    ACCREDITED_BY_AUTHORITY = "accredited_by_authority", _("Approved by a public authority")
    ISO_STANDARD = "iso_standard", _("ISO certification (21001, 29993, 9001)")
    PROFESSIONAL_BODY = "professional_body", _("Recognised by a professional body")
    INTERNAL = "internal", _("Internal quality assurance only")


class ProviderOrganisation(NamedInTwoLanguages, models.Model):
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
    quality_assurance_type = models.CharField(
        _("type of quality assurance"), max_length=40, choices=QualityAssurance.choices, blank=True
    )
    quality_assurance = models.TextField(_("quality assurance in detail"), blank=True)
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


class Invitation(models.Model):
    """An invitation, sent by email, to join an organisation in a role.

    Only a hash of the token is stored: the link in the email is the one copy of the secret.
    """

    organisation = models.ForeignKey(
        ProviderOrganisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation} ({self.role})"


class ApiToken(models.Model):
    """A key for the provider API, managed by the organisation's managers.

    Each token acts through a user of its own (an editor of the organisation), so the API goes
    through the same services and permission checks as the portal and the audit trail names
    the token. Only a SHA-256 hash of the key is stored; `prefix` lets people tell keys apart.
    """

    organisation = models.ForeignKey(
        ProviderOrganisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

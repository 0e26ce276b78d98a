"""Django admin (/django-admin/: superusers, and the secretariat for reference data):
reference data is edited here; the workflow's records are read-only, because every change to
them goes through a service."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdmin

from .models import (
    AuditEvent,
    CreditSystem,
    Decision,
    Dossier,
    DossierVersion,
    FieldOfStudy,
    JurisdictionProfile,
    LevelEquivalence,
    LevelFramework,
    ProviderOrganisation,
)


class ReferenceAdmin(admin.ModelAdmin):
    """Reference data: figures are editable, codes are fixed once created, because dossiers
    name their field, credit system, framework and profiles by code."""

    search_fields = ["code", "name_ja", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(ReferenceAdmin):
    list_display = ["code", "name_ja", "name_en", "isced_f", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_ja", "name_en", "isced_f"]


@admin.register(CreditSystem)
class CreditSystemAdmin(ReferenceAdmin):
    list_display = ["code", "name_ja", "name_en", "hours_per_credit_min", "hours_per_credit_max"]


@admin.register(LevelFramework)
class LevelFrameworkAdmin(ReferenceAdmin):
    list_display = ["code", "name_ja", "name_en", "min_level", "max_level", "step"]


@admin.register(LevelEquivalence)
class LevelEquivalenceAdmin(admin.ModelAdmin):
    """The crosswalk onto the EQF: the catalogue's EQF filter reads it live."""

    list_display = ["framework", "level", "eqf_level"]
    list_editable = ["eqf_level"]
    list_filter = ["framework"]
    ordering = ["framework__code", "level"]


@admin.register(JurisdictionProfile)
class JurisdictionProfileAdmin(ReferenceAdmin):
    """Exactly one profile is the default: it moves with an action, never by unticking."""

    list_display = ["code", "name_ja", "name_en", "min_hours", "max_hours", "is_default"]
    list_filter = ["is_default"]
    search_fields = ["code", "name_ja", "name_en", "rule_ja", "rule_en"]
    readonly_fields = ["is_default"]
    actions = ["make_default"]

    def get_actions(self, request):
        # Deleting in bulk could take the default with it; one at a time, the default is kept.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_default:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Make the selected profile the default"), permissions=["change"])
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one profile to be the default."), messages.ERROR
            )
            return
        with transaction.atomic():
            profile = queryset.select_for_update().get()
            JurisdictionProfile.objects.filter(is_default=True).update(is_default=False)
            profile.is_default = True
            profile.save(update_fields=["is_default"])
        self.log_change(request, profile, [{"changed": {"fields": ["is_default"]}}])
        self.message_user(
            request, _("%(code)s is now the default profile.") % {"code": profile.code}
        )


@admin.register(ProviderOrganisation)
class ProviderOrganisationAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ja", "name_en", "kind", "country"]
    search_fields = ["slug", "name_ja", "name_en"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["pk", "__str__", "organisation", "state", "state_changed_at"]
    list_filter = ["state"]
    list_select_related = ["organisation"]


@admin.register(DossierVersion)
class DossierVersionAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "number", "submitted_at"]
    list_select_related = ["dossier"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "outcome", "decided_at", "valid_until"]
    list_select_related = ["dossier"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "dossier", "from_state", "to_state"]
    list_filter = ["action"]
    list_select_related = ["actor", "dossier"]

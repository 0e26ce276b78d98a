"""Django admin (/django-admin/, superusers): reference data is edited here; the workflow's
records are read-only, because every change to them goes through a service."""

from django.contrib import admin

from .models import (
    AuditEvent,
    Decision,
    Dossier,
    DossierVersion,
    FieldOfStudy,
    ProviderOrganisation,
)


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "isced_f", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_ja", "name_en"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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

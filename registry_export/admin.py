from django.contrib import admin

from .models import AccreditorKey


@admin.register(AccreditorKey)
class AccreditorKeyAdmin(admin.ModelAdmin):
    """Public keys only; keys come from ACCREDITOR_KEY, so the one action here is withdrawing
    a compromised key once ACCREDITOR_KEY no longer holds it (a rotation): deleting it, after
    which proofs made with it no longer verify. The configured key would be recorded again."""

    list_display = ["public_key_multibase", "is_current", "created_at", "retired_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

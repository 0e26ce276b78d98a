"""Read-only in the Django admin: what waits, what failed and why, and a way to try now."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import ReadOnlyAdmin

from . import messages as outbox
from .models import Message


class Waiting(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting")), ("failed", _("failed at least once"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(delivered_at=None)
        if self.value() == "failed":
            return queryset.filter(delivered_at=None, attempts__gt=0)
        return queryset


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "task", "arguments", "created_at", "attempts", "due_at", "delivered_at"]
    list_filter = [Waiting, "task"]
    readonly_fields = [f.name for f in Message._meta.fields if f.name != "sealed"]
    exclude = ["sealed"]
    actions = ["deliver_now"]

    def has_deliver_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Deliver the selected messages now"), permissions=["deliver"])
    def deliver_now(self, request, queryset):
        delivered = sum(outbox.deliver(pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d message delivered.", "%d messages delivered.", delivered) % delivered,
            messages.SUCCESS,
        )

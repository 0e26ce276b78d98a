"""The Django admin site (/django-admin/): superusers, and the secretariat for reference data.

Secretariat users are not `is_staff`: their role is their group. Letting the role in here, with
the group's model permissions deciding what it sees, keeps "who is secretariat" in one place
(roles.py): the secretariat can edit the reference tables and sees nothing else it could change.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts.views import login_elsewhere, safe_next

from . import roles


def may_use_admin(user):
    return user.is_active and (user.is_staff or roles.has_role(user, roles.SECRETARIAT))


class AccreditationAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return may_use_admin(request.user)

    def login(self, request, extra_context=None):
        """No sign-in form of the admin's own: allauth's (rate limits, second factor), then
        back here. A signed-in user the admin is not for is refused, not asked to sign in."""
        if request.user.is_authenticated:
            if not may_use_admin(request.user):
                raise PermissionDenied
            return redirect(safe_next(request, "admin:index"))
        return login_elsewhere(request, default_next="/django-admin/")

"""The Django admin site (/django-admin/): superusers, and the secretariat for reference data.

Secretariat users are not `is_staff`: their role is their group. Letting the role in here, with
the group's model permissions deciding what it sees, keeps "who is secretariat" in one place
(roles.py): the secretariat can edit the reference tables and sees nothing else it could change.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from . import roles


def may_use_admin(user):
    return user.is_active and (user.is_staff or roles.has_role(user, roles.SECRETARIAT))


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in, open to the secretariat as well as to `is_staff` users."""

    def confirm_login_allowed(self, user):
        if may_use_admin(user):
            return
        super().confirm_login_allowed(user)


class AccreditationAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def has_permission(self, request):
        return may_use_admin(request.user)

"""Django's admin app, with a site that also admits the secretariat (see admin_site.py).

Kept apart from apps.py, where a second AppConfig would stop Django from picking the
accreditation app's own config by itself.
"""

from django.contrib.admin.apps import AdminConfig


class AccreditationAdminConfig(AdminConfig):
    default_site = "accreditation.admin_site.AccreditationAdminSite"

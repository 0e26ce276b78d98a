from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from . import roles

        # Role groups and their model-level permissions exist after every migrate and every
        # flush (transactional tests flush the database), like Django's own permissions.
        post_migrate.connect(roles.ensure_role_groups_after_migrate)

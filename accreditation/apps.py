from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from allauth.account.signals import user_logged_in, user_signed_up

        from . import notifications, roles, transitions, workflow

        # Role groups and their model-level permissions exist after every migrate and every
        # flush (transactional tests flush the database), like Django's own permissions.
        post_migrate.connect(roles.ensure_role_groups_after_migrate)
        # Emails go out in the language a person reads the site in: keep it in their profile.
        user_signed_up.connect(notifications.remember_language_at_sign_up)
        user_logged_in.connect(notifications.apply_language_at_login)
        # The timeline reads the labels of every app's tables (see accreditation.transitions).
        transitions.register(workflow.DOSSIERS, workflow.CONDITIONS)

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from allauth.account.signals import user_logged_in, user_signed_up

        from . import notifications, roles, transitions, vocabulary, workflow

        # Role groups and their model-level permissions exist after every migrate and every
        # flush (transactional tests flush the database), like Django's own permissions.
        post_migrate.connect(roles.ensure_role_groups_after_migrate)
        # The names kept for the reference tables' codes go with any change to a table.
        post_migrate.connect(vocabulary.forget_all)
        for model in vocabulary.TABLES.values():
            post_save.connect(vocabulary.forget_changed_table, sender=model)
            post_delete.connect(vocabulary.forget_changed_table, sender=model)
        # Emails go out in the language a person reads the site in: keep it in their profile.
        user_signed_up.connect(notifications.remember_language_at_sign_up)
        user_logged_in.connect(notifications.apply_language_at_login)
        # The timeline reads the labels of every app's tables (see accreditation.transitions).
        transitions.register(workflow.DOSSIERS, workflow.CONDITIONS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    name = "reviewers"
    verbose_name = _("Reviewers")

    def ready(self):
        from accreditation import transitions

        from . import workflow

        # The core's timeline reads the labels of every app's tables (accreditation.transitions).
        transitions.register(workflow.ASSIGNMENTS, workflow.APPLICATIONS)

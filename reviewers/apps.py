from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    name = "reviewers"
    verbose_name = _("Reviewers")

    def ready(self):
        from accreditation import desk_panels

        from .decision_support import decision_panel, disagreement_marker
        from .desk import review_panel
        from .rounds import after_desk_action

        # The staff desk's case page shows the reviews through this panel; the core does not
        # import the reviewer side.
        desk_panels.register(review_panel)
        desk_panels.register(decision_panel)
        desk_panels.register_marker(disagreement_marker)
        # Accepting a resubmission may invite the previous round's reviewers (a checkbox).
        desk_panels.register_action_hook(after_desk_action)

"""Running setup once per `migrate` (or test flush), after every app's post_migrate work."""

from django.apps import apps


def is_final_app(sender):
    """True in the post_migrate call for the last app that has models.

    Django sends post_migrate once per such app, in INSTALLED_APPS order, and creates each
    app's content types and permissions in its turn; by the last turn, all exist.
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    return sender.label == with_models[-1].label

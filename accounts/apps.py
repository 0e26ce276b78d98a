from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in policy"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in receiver)

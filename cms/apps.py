from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public catalogue")

    def ready(self):
        from accreditation.events import credential_lifecycle

        from . import handlers, site

        credential_lifecycle.connect(handlers.on_credential_lifecycle, dispatch_uid="cms-sync")
        self.connect_cache_invalidation(handlers.on_public_content_changed)
        post_migrate.connect(site.ensure_site_after_migrate, dispatch_uid="cms-ensure-site")

    @staticmethod
    def connect_cache_invalidation(handler):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from accreditation.models import (
            CreditSystem,
            FieldOfStudy,
            LevelEquivalence,
            LevelFramework,
            ProviderOrganisation,
        )

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(handler, dispatch_uid=f"cms-cache-{signal!r}")
        post_delete.connect(handler, sender=Page, dispatch_uid="cms-cache-page-delete")

        def on_any_save(sender, instance, **kwargs):
            # Pages are saved by their concrete class: catch them all, whatever wrote them.
            if isinstance(instance, Page):
                handler(sender, **kwargs)

        post_save.connect(on_any_save, weak=False, dispatch_uid="cms-cache-page-save")
        for model in (
            CreditSystem,
            FieldOfStudy,
            LevelEquivalence,
            LevelFramework,
            ProviderOrganisation,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    handler, sender=model, dispatch_uid=f"cms-cache-{model.__name__}-{signal!r}"
                )

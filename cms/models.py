"""The public site: a home page, the catalogue index and one page per certified item.

Item pages are written by the publishing task (`cms.publishing`), never by hand: editors see
them in the Wagtail admin but the register is the source of truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from accreditation.content import StandardField


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.CatalogueIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalogue = CatalogueIndexPage.objects.live().filter(locale=self.locale).first()
        context["catalogue"] = catalogue
        context["certified_count"] = (
            CatalogueItemPage.objects.live().filter(locale=self.locale, status="active").count()
        )
        return context


class CatalogueIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CatalogueItemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue index")

    def get_context(self, request, *args, **kwargs):
        from .facets import CatalogueQuery, catalogue_context

        context = super().get_context(request, *args, **kwargs)
        items = CatalogueItemPage.objects.child_of(self).live()
        query = CatalogueQuery.parse(request.GET)
        context["query"] = query.q
        context["items"] = query.page_of(items, 50)
        context.update(catalogue_context(query, items, context["items"]))
        return context


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class CatalogueItemPage(Page):
    """One certified micro-credential in one language.

    The ja and en pages are translations of each other: their `translation_key` *is* the
    credential id, so Wagtail's unique (translation_key, locale) constraint guarantees one page
    per item and language, whatever the publishing task does twice or concurrently.
    """

    credential_id = models.UUIDField(_("credential identifier"), db_index=True, editable=False)
    dossier_id = models.PositiveBigIntegerField(_("dossier"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.ACTIVE
    )
    provider_name = models.CharField(_("provider"), max_length=200)
    provider_slug = models.SlugField(_("provider identifier"), max_length=80)
    field_of_study = models.CharField(_("field of study"), max_length=100, blank=True)
    total_hours = models.DecimalField(_("learning hours"), max_digits=7, decimal_places=1)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    accredited_on = models.DateField(_("accreditation decision"))
    content = models.JSONField(_("approved dossier content"), default=dict, editable=False)
    search_terms = models.TextField(_("search terms"), blank=True, default="", editable=False)
    # Facets, denormalised from `content` at publish (cms.facet_fields) for the filters.
    field_of_study_code = models.CharField(
        _("field of study code"), max_length=40, blank=True, default="", editable=False
    )
    level_framework = models.CharField(
        _("level framework"), max_length=10, blank=True, default="", editable=False
    )
    level = models.DecimalField(
        _("level"), max_digits=3, decimal_places=1, null=True, blank=True, editable=False
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, blank=True, default="", editable=False
    )
    languages = models.CharField(
        _("teaching languages"), max_length=100, blank=True, default="", editable=False
    )
    provider_kind = models.CharField(
        _("provider type"), max_length=40, blank=True, default="", editable=False
    )
    stand_alone = models.BooleanField(_("stand-alone"), default=True, editable=False)
    fee_amount = models.DecimalField(
        _("fee"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    fee_currency = models.CharField(
        _("fee currency"), max_length=3, blank=True, default="", editable=False
    )

    parent_page_types = ["cms.CatalogueIndexPage"]
    subpage_types = []
    content_panels = [*Page.content_panels, FieldPanel("status", read_only=True)]

    class Meta:
        verbose_name = _("catalogue item")

    def standard_fields(self):
        return [(key, label) for key, label in StandardField.choices]

"""The public site: a home page, the catalogue index and one page per certified item.

Item pages are written by the publishing task (`cms.publishing`), never by hand: editors see
them in the Wagtail admin but the register is the source of truth.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accreditation.content import StandardField

from . import search

#: What the home page shows of its latest items: their dossier content stays in the database.
LATEST_ITEM_FIELDS = [
    "title",
    "url_path",
    "provider_name",
    "field_of_study",
    "total_hours",
    "accredited_on",
    "valid_until",
]


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.CatalogueIndexPage", "cms.EditorialPage"]
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
        context["latest_items"] = (
            CatalogueItemPage.objects.live()
            .filter(locale=self.locale, status=ItemStatus.ACTIVE)
            .order_by("-accredited_on", "-pk")
            .only(*LATEST_ITEM_FIELDS)[:5]
        )
        context["editorial_pages"] = (
            EditorialPage.objects.child_of(self).live().only("title", "url_path", "summary")
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
        context = super().get_context(request, *args, **kwargs)
        items = CatalogueItemPage.objects.child_of(self).live().filter(status=ItemStatus.ACTIVE)
        context["query"] = request.GET.get("q", "").strip()[:200]
        if context["query"]:
            context["items"] = search.ranked_page(
                items, context["query"], request.GET.get("page"), 50
            )
            return context
        context["items"] = Paginator(items.order_by("title"), 50).get_page(request.GET.get("page"))
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

    parent_page_types = ["cms.CatalogueIndexPage"]
    subpage_types = []
    content_panels = [*Page.content_panels, FieldPanel("status", read_only=True)]

    class Meta:
        verbose_name = _("catalogue item")

    def standard_fields(self):
        return [(key, label) for key, label in StandardField.choices]


class DefinitionBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("term or question"), max_length=200)
    definition = blocks.RichTextBlock(
        label=_("definition or answer"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "list-ul"
        label = _("term and definition")


class EditorialPage(Page):
    """A page of text the secretariat writes and edits in the Wagtail admin, in ja and en.

    The four pages `cms.site.ensure_site` creates (about, standard, how-to-apply, for-reviewers)
    are linked from every page's footer by their fixed slugs, so their slug is left out of the
    admin form: staff edit the words, the addresses stay as the footer and outside links know
    them.
    """

    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown in lists of pages and on the home page."),
    )
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("heading"), max_length=120, icon="title")),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
            (
                "definitions",
                blocks.ListBlock(DefinitionBlock(), label=_("definition list"), icon="list-ul"),
            ),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    promote_panels = [
        MultiFieldPanel(["seo_title", "search_description"], heading=_("For search engines")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("editorial page")

"""The public site: a home page, the catalogue index and one page per certified item.

Item pages are written by the publishing task (`cms.publishing`), never by hand: editors see
them in the Wagtail admin but the register is the source of truth.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accreditation.content import StandardField
from accreditation.models import PublicStatus
from accreditation.selectors import PUBLIC_FACTS

from .item_facts import item_facts
from .page_cache import CachedPageMixin


def public_url(page):
    """The page's absolute URL on the public site (SITE_URL, like the registry documents),
    whatever host name the Wagtail site record or the request carries."""
    url = page.get_url()
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


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


class HomePage(CachedPageMixin, Page):
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
            .filter(locale=self.locale, status=PublicStatus.ACTIVE)
            .order_by("-accredited_on", "-pk")
            .only(*LATEST_ITEM_FIELDS)[:5]
        )
        context["editorial_pages"] = (
            EditorialPage.objects.child_of(self).live().only("title", "url_path", "summary")
        )
        return context


class CatalogueIndexPage(CachedPageMixin, Page):
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


class CatalogueItemPage(CachedPageMixin, Page):
    """One certified micro-credential in one language.

    The ja and en pages are translations of each other: their `translation_key` *is* the
    credential id, so Wagtail's unique (translation_key, locale) constraint guarantees one page
    per item and language, whatever the publishing task does twice or concurrently.
    """

    credential_id = models.UUIDField(_("credential identifier"), db_index=True, editable=False)
    dossier_id = models.PositiveBigIntegerField(_("dossier"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicStatus.choices, default=PublicStatus.ACTIVE
    )
    provider_name = models.CharField(_("provider"), max_length=200)
    provider_slug = models.SlugField(_("provider identifier"), max_length=80)
    field_of_study = models.CharField(_("field of study"), max_length=100, blank=True)
    total_hours = models.DecimalField(_("learning hours"), max_digits=7, decimal_places=1)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    accredited_on = models.DateField(_("accreditation decision"))
    status_since = models.DateField(
        _("status since"),
        null=True,
        blank=True,
        help_text=_("When the item was suspended, expired, revoked or reinstated."),
    )
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["facts"] = item_facts(self.content, self.locale.language_code)
        return context

    def standard_fields(self):
        return [(key, label) for key, label in StandardField.choices]

    def public_facts(self):
        """The item's public facts (accreditation.selectors.PUBLIC_FACTS) as this page stores
        them, for the registry's linked data in the page's head."""
        return {name: getattr(self, name) for name in PUBLIC_FACTS}

    def public_url(self):
        return public_url(self)


class PathwayStep(models.Model):
    """One qualification that an item's page says it counts toward, for how many credits.

    Rows are rewritten from the page's approved content each time the page is synced
    (`cms.pathways.sync_pathway_steps`), so they always say what the page says. The key is
    made from the qualification's Japanese name and the institution: the same qualification,
    named by two providers, gathers their items on one pathway page in both languages.
    """

    page = models.ForeignKey(
        CatalogueItemPage, on_delete=models.CASCADE, related_name="pathway_steps"
    )
    qualification_key = models.CharField(_("qualification identifier"), max_length=100)
    qualification_ja = models.CharField(_("qualification (Japanese)"), max_length=300)
    qualification_en = models.CharField(_("qualification (English)"), max_length=300)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=7, decimal_places=2)
    system = models.CharField(_("credit system"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["page", "position"]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        indexes = [models.Index(fields=["qualification_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "qualification_key", "system"], name="one_step_per_system"
            ),
            models.CheckConstraint(condition=models.Q(credits__gt=0), name="step_credits_positive"),
        ]

    def __str__(self):
        return f"{self.qualification_key}: {self.credits} {self.system}"


class DefinitionBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("term or question"), max_length=200)
    definition = blocks.RichTextBlock(
        label=_("definition or answer"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "list-ul"
        label = _("term and definition")


class EditorialPage(CachedPageMixin, Page):
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

"""`/sitemap.xml`: every public page of the site, in every language.

Wagtail's own sitemap lists the descendants of the site's root page, the Japanese home page;
the English home page is its translation, beside it in the tree, so its pages would be left out.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .pathways import public_pathway_keys
from .providers import public_provider_slugs


class BilingualSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()


class DirectorySitemap(DjangoSitemap):
    """The provider and pathway pages: Django views, not Wagtail pages, so listed apart."""

    def items(self):
        entries = []
        for language in dict(settings.LANGUAGES):
            entries += [(language, "provider_list", {}), (language, "pathway_list", {})]
        entries += [
            (language, "provider_detail", {"slug": slug})
            for language, slug in public_provider_slugs()
        ]
        entries += [
            (language, "pathway_detail", {"key": key}) for language, key in public_pathway_keys()
        ]
        return entries

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        """SITE_URL's host, as for the Wagtail pages (whose Site follows SITE_URL), rather than
        whatever host the request named."""
        return urlsplit(settings.SITE_URL).netloc

    def location(self, entry):
        language, name, kwargs = entry
        with translation.override(language):
            return reverse(name, kwargs=kwargs)

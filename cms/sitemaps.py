"""`/sitemap.xml`: every public page of the site, in every language.

Wagtail's own sitemap lists the descendants of the site's root page, the Japanese home page;
the English home page is its translation, beside it in the tree, so its pages would be left out.
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

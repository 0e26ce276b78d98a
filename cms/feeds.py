"""An Atom feed per language of the newest certified items: `/feeds/certified.<lang>.atom`.

Aggregators and employers can follow the register without scraping it: the 50 items most
recently accredited come first, each linking to its catalogue page.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from accreditation.models import PublicStatus

from .models import CatalogueIndexPage, CatalogueItemPage, public_url

FEED_LENGTH = 50
LANGUAGES = dict(settings.LANGUAGES)


class CertifiedItemsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, language, **kwargs):
        """The feed speaks its URL's language, not the reader's browser's."""
        if language not in LANGUAGES:
            raise Http404
        with override(language):
            return super().__call__(request, *args, language=language, **kwargs)

    def get_object(self, request, language):
        index = CatalogueIndexPage.objects.live().filter(locale__language_code=language).first()
        if index is None:
            raise Http404
        return index

    def title(self, index):
        return _("Newly certified micro-credentials")

    def subtitle(self, index):
        return _("The micro-credentials most recently certified by the register.")

    def link(self, index):
        return public_url(index)

    def feed_guid(self, index):
        return f"{public_url(index)}#certified-feed"

    def items(self, index):
        return (
            CatalogueItemPage.objects.child_of(index)
            .live()
            .filter(status=PublicStatus.ACTIVE)
            .order_by("-accredited_on", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description

    def item_link(self, item):
        return public_url(item)

    def item_guid(self, item):
        return f"urn:uuid:{item.credential_id}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.provider_name

    def item_pubdate(self, item):
        """The accreditation decision, at the start of that day in the register's time zone."""
        start = datetime.datetime.combine(item.accredited_on, datetime.time())
        return timezone.make_aware(start)

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

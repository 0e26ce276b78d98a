"""Provider pages: who offers certified items, and the truth about each of their items.

Read from the catalogue's pages (what the public site shows) and the organisations' public
fields only; never from reviews, assignments or staff. A fixed number of queries whatever the
number of providers or items.
"""

from dataclasses import dataclass

from django.db.models import Count

from accreditation.models import ProviderOrganisation, PublicStatus

from .models import CatalogueItemPage

PUBLIC_FIELDS = ("slug", "name_ja", "name_en", "kind", "country", "website")


def _live_items(language):
    return CatalogueItemPage.objects.live().filter(locale__language_code=language)


@dataclass(frozen=True)
class ProviderSummary:
    slug: str
    name: str
    kind: str
    country: str
    active_items: int


def certified_providers(language):
    """Providers with at least one certified item in the language's catalogue, with how
    many, sorted by name in the language. Two queries."""
    counts = dict(
        _live_items(language)
        .filter(status=PublicStatus.ACTIVE)
        .order_by()
        .values("provider_slug")
        .annotate(items=Count("pk"))
        .values_list("provider_slug", "items")
    )
    organisations = ProviderOrganisation.objects.filter(slug__in=counts).only(*PUBLIC_FIELDS)
    providers = [
        ProviderSummary(
            organisation.slug,
            organisation.name_in(language),
            organisation.get_kind_display(),
            organisation.country,
            counts[organisation.slug],
        )
        for organisation in organisations
    ]
    return sorted(providers, key=lambda provider: (provider.name.casefold(), provider.slug))


@dataclass(frozen=True)
class ProviderProfile:
    organisation: ProviderOrganisation
    name: str
    active: list
    lapsed: list


def provider_profile(language, slug):
    """The provider's public profile and its items in the language's catalogue, certified
    ones apart from those no longer certified; None if it has no item there. Two queries."""
    organisation = (
        ProviderOrganisation.objects.filter(slug=slug)
        .only(*PUBLIC_FIELDS, "quality_assurance_type")
        .first()
    )
    if organisation is None:
        return None
    items = list(
        _live_items(language)
        .filter(provider_slug=slug)
        .defer("content", "search_terms")
        .order_by("title", "pk")
    )
    if not items:
        return None
    return ProviderProfile(
        organisation,
        organisation.name_in(language),
        active=[item for item in items if item.status == PublicStatus.ACTIVE],
        lapsed=[item for item in items if item.status != PublicStatus.ACTIVE],
    )


def public_provider_slugs():
    """(language, slug) of every provider page, for the sitemap."""
    return (
        CatalogueItemPage.objects.live()
        .values_list("locale__language_code", "provider_slug")
        .distinct()
        .order_by("locale__language_code", "provider_slug")
    )

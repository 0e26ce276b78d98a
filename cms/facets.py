"""Faceted browse of the catalogue: filters, their counts, sorting and shareable URLs.

`CatalogueQuery.parse(params)` reads a query string (the catalogue page's, or the read API's:
the same parameters mean the same thing in both) and ignores whatever it does not understand,
so that no URL can make the page fail. Within a facet the chosen values are alternatives (OR);
facets combine with each other and with the full-text search `q` (AND).

Counts are disjunctive, as in shops: a facet's counts apply every other active filter but not
its own, so they say how many items ticking one more value would add. Each facet costs one
GROUP BY (or one conditional aggregate) query, whatever the catalogue's size.

Credits are not stored: an item's credits in a system are its hours ÷ hours per credit. ECTS
gives a range of hours per credit (25–30), so an item of h hours is worth anything from
h ÷ 30 to h ÷ 25 credits; it matches `credits_min`–`credits_max` when that interval meets the
asked one, that is when h ≥ credits_min × 25 and h ≤ credits_max × 30 (in general the system's
lowest and highest hours per credit). The EQF facet reads the crosswalk at query time, so the
secretariat's edits to it apply at once, without republishing.
"""

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accreditation import vocabulary as reference
from accreditation.content import DeliveryMode, Language, decimal_or_none, language_name
from accreditation.crosswalk import Crosswalk
from accreditation.models import CreditSystem, ProviderKind, PublicStatus
from config.input_rules import as_id

from . import page_cache, search
from .facet_fields import languages_of

MAX_VALUES = 20  # per multi-valued parameter: more is not a person choosing
MAX_CREDITS = Decimal(1000)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")

#: Learning hours bands: slug -> (lowest hours included, highest hours excluded or None).
HOURS_BANDS = {
    "under-30": (Decimal(0), Decimal(30)),
    "30-60": (Decimal(30), Decimal(60)),
    "60-120": (Decimal(60), Decimal(120)),
    "120-240": (Decimal(120), Decimal(240)),
    "240-plus": (Decimal(240), None),
}

#: Fee bands in yen; fees in other currencies are not converted but gathered under one value.
FREE, OTHER_CURRENCY = "free", "other-currency"
YEN_BANDS = {
    "jpy-under-10000": (Decimal(0), Decimal(10000)),
    "jpy-10000-50000": (Decimal(10000), Decimal(50000)),
    "jpy-50000-100000": (Decimal(50000), Decimal(100000)),
    "jpy-100000-plus": (Decimal(100000), None),
}

STAND_ALONE, STACKABLE = "stand_alone", "stackable"
STATUS_ALL = "all"
SORTS = ("relevance", "title", "newest", "hours_asc", "hours_desc", "valid_until")
ORDERINGS = {
    "title": ("title", "pk"),
    "newest": ("-accredited_on", "title", "pk"),
    "hours_asc": ("total_hours", "title", "pk"),
    "hours_desc": ("-total_hours", "title", "pk"),
    "valid_until": ("valid_until", "title", "pk"),
}

#: Facets in the order the form shows them; `credits` filters but has no counted values.
FACETS = (
    "status",
    "field",
    "eqf",
    "level",
    "hours",
    "mode",
    "lang",
    "provider",
    "provider_type",
    "stackable",
    "fee",
)
MULTI = ("field", "level", "eqf", "hours", "mode", "lang", "provider", "provider_type", "fee")


def _band(column, low, high):
    condition = Q(**{f"{column}__gte": low})
    return condition & Q(**{f"{column}__lt": high}) if high is not None else condition


def _fee_condition(value):
    if value == FREE:
        return Q(fee_amount=0)
    if value == OTHER_CURRENCY:
        return Q(fee_amount__gt=0) & ~Q(fee_currency="JPY")
    low, high = YEN_BANDS[value]
    return Q(fee_currency="JPY", fee_amount__gt=0) & _band("fee_amount", low, high)


def _any(conditions):
    conditions = list(conditions)
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def _getlist(params, name):
    if hasattr(params, "getlist"):
        values = params.getlist(name)
    else:
        values = params.get(name, [])
        values = [values] if isinstance(values, str) else list(values)
    return [str(value).strip() for value in values]


def _get(params, name):
    values = _getlist(params, name)
    return values[-1] if values else ""


@dataclass(frozen=True)
class Vocabulary:
    """The reference data that gives parameters their meaning, read once per request."""

    fields: dict  # code -> name in the active language
    credit_systems: dict  # code -> (hours per credit lowest, highest)
    crosswalk: Crosswalk
    credit_system_names: dict = dataclasses.field(default_factory=dict)  # code -> name

    @classmethod
    def load(cls):
        systems = CreditSystem.objects.values_list(
            "code", "hours_per_credit_min", "hours_per_credit_max"
        )
        return cls(
            fields=reference.names("field_of_study"),
            credit_systems={code: (low, high) for code, low, high in systems},
            crosswalk=Crosswalk.load(),
            credit_system_names=reference.names("credit_system"),
        )


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list
    multiple: bool = True

    @property
    def any_selected(self):
        return any(value.selected for value in self.values)


@dataclass(frozen=True)
class CatalogueQuery:
    """What a reader asked the catalogue for; every field holds valid values only."""

    vocabulary: Vocabulary = dataclasses.field(repr=False, compare=False)
    q: str = ""
    field: tuple = ()
    level: tuple = ()  # ((framework, Decimal level), ...)
    eqf: tuple = ()
    hours: tuple = ()
    credits_system: str = ""
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    mode: tuple = ()
    lang: tuple = ()
    provider: tuple = ()
    provider_type: tuple = ()
    stackable: str = ""
    fee: tuple = ()
    status: str = PublicStatus.ACTIVE.value
    sort: str = ""
    page: int = 1

    # --- reading parameters ------------------------------------------------------------------

    @classmethod
    def parse(cls, params, vocabulary=None):
        vocabulary = vocabulary or Vocabulary.load()

        def chosen(name, valid):
            values = dict.fromkeys(v for v in _getlist(params, name)[:MAX_VALUES] if valid(v))
            return tuple(values)

        levels, frameworks = [], reference.codes("framework")
        for text in _getlist(params, "level")[:MAX_VALUES]:
            framework, _sep, value = text.partition(":")
            number = decimal_or_none(value)
            if framework in frameworks and number is not None and 0 < number <= 10:
                levels.append((framework, number.normalize()))
        credits_system = _get(params, "credits_system")
        if credits_system not in vocabulary.credit_systems:
            credits_system = ""
        credits = [decimal_or_none(_get(params, name)) for name in ("credits_min", "credits_max")]
        credits = [c if c is not None and 0 <= c <= MAX_CREDITS else None for c in credits]
        status = _get(params, "status")
        sort = _get(params, "sort")
        page = as_id(_get(params, "page"))
        return cls(
            vocabulary=vocabulary,
            q=_get(params, "q")[:200],
            field=chosen("field", lambda v: v in vocabulary.fields),
            level=tuple(dict.fromkeys(levels)),
            eqf=tuple(int(v) for v in chosen("eqf", lambda v: v in list("12345678"))),
            hours=chosen("hours", lambda v: v in HOURS_BANDS),
            credits_system=credits_system,
            credits_min=credits[0] if credits_system else None,
            credits_max=credits[1] if credits_system else None,
            mode=chosen("mode", lambda v: v in DeliveryMode.values),
            lang=chosen("lang", lambda v: bool(_LANGUAGE.match(v))),
            provider=chosen("provider", lambda v: bool(_SLUG.match(v))),
            provider_type=chosen("provider_type", lambda v: v in ProviderKind.values),
            stackable=_get(params, "stackable")
            if _get(params, "stackable") in (STAND_ALONE, STACKABLE)
            else "",
            fee=chosen("fee", lambda v: v in (FREE, OTHER_CURRENCY, *YEN_BANDS)),
            status=status if status in (*PublicStatus.values, STATUS_ALL) else PublicStatus.ACTIVE,
            sort=sort if sort in SORTS else "",
            page=page if page and page < 10**6 else 1,
        )

    @property
    def effective_sort(self):
        """The sort asked for; relevance only with a search, which it is the default for."""
        if not self.sort or (self.sort == "relevance" and not self.q):
            return self.effective_sort_default
        return self.sort

    # --- filtering ---------------------------------------------------------------------------

    def _conditions(self):
        """{facet: condition} for every active filter."""
        conditions = {}
        if self.status != STATUS_ALL:
            conditions["status"] = Q(status=self.status)
        if self.field:
            conditions["field"] = Q(field_of_study_code__in=self.field)
        if self.level:
            conditions["level"] = _any(
                Q(level_framework=framework, level=level) for framework, level in self.level
            )
        if self.eqf:
            crosswalk = self.vocabulary.crosswalk
            conditions["eqf"] = _any(
                Q(level_framework=framework, level=level)
                for eqf in self.eqf
                for framework, level in crosswalk.levels_at(eqf)
            )
        if self.hours:
            conditions["hours"] = _any(
                _band("total_hours", *HOURS_BANDS[slug]) for slug in self.hours
            )
        if self.credits_system and (self.credits_min, self.credits_max) != (None, None):
            lowest, highest = self.vocabulary.credit_systems[self.credits_system]
            condition = Q()
            if self.credits_min is not None:
                condition &= Q(total_hours__gte=self.credits_min * lowest)
            if self.credits_max is not None:
                condition &= Q(total_hours__lte=self.credits_max * highest)
            conditions["credits"] = condition
        if self.mode:
            conditions["mode"] = Q(delivery_mode__in=self.mode)
        if self.lang:
            conditions["lang"] = _any(Q(languages__contains=f"|{code}|") for code in self.lang)
        if self.provider:
            conditions["provider"] = Q(provider_slug__in=self.provider)
        if self.provider_type:
            conditions["provider_type"] = Q(provider_kind__in=self.provider_type)
        if self.stackable:
            conditions["stackable"] = Q(stand_alone=self.stackable == STAND_ALONE)
        if self.fee:
            conditions["fee"] = _any(_fee_condition(value) for value in self.fee)
        return conditions

    def _matching(self, queryset):
        return search.matching(queryset, search.query_terms(self.q)) if self.q else queryset

    def _filtered(self, queryset, leave_out=None):
        conditions = [c for name, c in self._conditions().items() if name != leave_out]
        return queryset.filter(*conditions)

    def apply(self, queryset):
        """The items matching the search and every filter, unordered."""
        return self._matching(self._filtered(queryset))

    def ordered(self, queryset):
        """`apply` in the chosen order (relevance ranks in Python: use `page_of`)."""
        order = ORDERINGS.get(self.effective_sort, ORDERINGS["title"])
        return self.apply(queryset).order_by(*order)

    def page_of(self, queryset, per_page):
        """The requested page of results, in a constant number of queries."""
        if self.effective_sort == "relevance":
            return search.ranked_page(self._filtered(queryset), self.q, self.page, per_page)
        return Paginator(self.ordered(queryset), per_page).get_page(self.page)

    # --- counting ----------------------------------------------------------------------------

    def facets(self, queryset):
        """Every facet with its values, labels in the active language, disjunctive counts."""
        return [getattr(self, f"_facet_{name}")(queryset) for name in FACETS]

    def _base(self, queryset, name):
        return self._matching(self._filtered(queryset, leave_out=name)).order_by()

    def _grouped(self, queryset, name, *columns):
        rows = self._base(queryset, name).values_list(*columns).annotate(n=Count("pk"))
        return [(row[:-1] if len(columns) > 1 else row[0], row[-1]) for row in rows]

    def _counted(self, queryset, name, conditions):
        """One conditional aggregate: {value: count} for {value: condition}."""
        counts = self._base(queryset, name).aggregate(
            **{f"c{i}": Count("pk", filter=c) for i, c in enumerate(conditions.values())}
        )
        return {value: counts[f"c{i}"] for i, value in enumerate(conditions)}

    @staticmethod
    def _values(name, pairs, selected):
        """FacetValues from (value, label, count), keeping selected values even at zero."""
        shown = [(v, label, n) for v, label, n in pairs if n or v in selected]
        return [FacetValue(_param(name, v), label, n, v in selected) for v, label, n in shown]

    def _facet_status(self, queryset):
        counts = dict(self._grouped(queryset, "status", "status"))
        pairs = [(value, label, counts.get(value, 0)) for value, label in PublicStatus.choices]
        values = [FacetValue(v, str(label), n, v == self.status) for v, label, n in pairs]
        values.append(
            FacetValue(STATUS_ALL, _("All"), sum(counts.values()), self.status == STATUS_ALL)
        )
        return Facet("status", _("Status"), values, multiple=False)

    def _facet_field(self, queryset):
        counts = dict(self._grouped(queryset, "field", "field_of_study_code"))
        pairs = [(code, name, counts.get(code, 0)) for code, name in self.vocabulary.fields.items()]
        return Facet("field", _("Field of study"), self._values("field", pairs, self.field))

    def _facet_eqf(self, queryset):
        crosswalk = self.vocabulary.crosswalk
        counts = Counter()
        for (framework, level), n in self._grouped(queryset, "eqf", "level_framework", "level"):
            eqf = crosswalk.eqf_level(framework, level)
            if eqf is not None:
                counts[eqf] += n
        pairs = [(eqf, _("EQF %(level)s") % {"level": eqf}, counts[eqf]) for eqf in range(1, 9)]
        return Facet("eqf", _("EQF level"), self._values("eqf", pairs, self.eqf))

    def _facet_level(self, queryset):
        counts = Counter()
        for (framework, level), n in self._grouped(queryset, "level", "level_framework", "level"):
            if framework and level is not None:
                counts[(framework, level.normalize())] += n
        keys = sorted({*counts, *self.level})
        pairs = [(key, f"{key[0]} {key[1]:f}", counts[key]) for key in keys]
        return Facet("level", _("Level"), self._values("level", pairs, self.level))

    def _facet_hours(self, queryset):
        labels = {
            "under-30": _("Under 30 hours"),
            "30-60": _("30–60 hours"),
            "60-120": _("60–120 hours"),
            "120-240": _("120–240 hours"),
            "240-plus": _("240 hours or more"),
        }
        counts = self._counted(
            queryset,
            "hours",
            {slug: _band("total_hours", *band) for slug, band in HOURS_BANDS.items()},
        )
        pairs = [(slug, labels[slug], counts[slug]) for slug in HOURS_BANDS]
        return Facet("hours", _("Learning hours"), self._values("hours", pairs, self.hours))

    def _facet_mode(self, queryset):
        counts = dict(self._grouped(queryset, "mode", "delivery_mode"))
        pairs = [(v, str(label), counts.get(v, 0)) for v, label in DeliveryMode.choices]
        return Facet("mode", _("Delivery mode"), self._values("mode", pairs, self.mode))

    def _facet_lang(self, queryset):
        counts = Counter()
        for text, n in self._grouped(queryset, "lang", "languages"):
            for code in languages_of(text):
                counts[code] += n
        # In the domain's order (Japanese, English, ...), then any code it does not list.
        order = {code: i for i, code in enumerate(Language.values)}
        codes = sorted(counts, key=lambda code: (order.get(code, len(order)), code))
        pairs = [(code, language_name(code), counts[code]) for code in codes]
        pairs += [(code, language_name(code), 0) for code in self.lang if code not in counts]
        return Facet("lang", _("Languages of instruction"), self._values("lang", pairs, self.lang))

    def _facet_provider(self, queryset):
        rows = self._grouped(queryset, "provider", "provider_slug", "provider_name")
        counts, names = Counter(), {}
        for (slug, name), n in rows:
            counts[slug] += n
            names.setdefault(slug, name)
        pairs = sorted(((s, names[s], counts[s]) for s in counts), key=lambda p: p[1])
        pairs += [(slug, slug, 0) for slug in self.provider if slug not in counts]
        return Facet("provider", _("Provider"), self._values("provider", pairs, self.provider))

    def _facet_provider_type(self, queryset):
        counts = dict(self._grouped(queryset, "provider_type", "provider_kind"))
        pairs = [(v, str(label), counts.get(v, 0)) for v, label in ProviderKind.choices]
        return Facet(
            "provider_type",
            _("Provider type"),
            self._values("provider_type", pairs, self.provider_type),
        )

    def _facet_stackable(self, queryset):
        counts = dict(self._grouped(queryset, "stackable", "stand_alone"))
        pairs = [
            (STAND_ALONE, _("Stand-alone"), counts.get(True, 0)),
            (STACKABLE, _("Part of a larger qualification"), counts.get(False, 0)),
        ]
        return Facet(
            "stackable",
            _("Stackability"),
            self._values("stackable", pairs, (self.stackable,)),
            multiple=False,
        )

    def _facet_fee(self, queryset):
        labels = {
            FREE: _("Free"),
            "jpy-under-10000": _("Under ¥10,000"),
            "jpy-10000-50000": _("¥10,000–¥50,000"),
            "jpy-50000-100000": _("¥50,000–¥100,000"),
            "jpy-100000-plus": _("¥100,000 or more"),
            OTHER_CURRENCY: _("Fee in another currency"),
        }
        counts = self._counted(queryset, "fee", {v: _fee_condition(v) for v in labels})
        pairs = [(value, label, counts[value]) for value, label in labels.items()]
        return Facet("fee", _("Fee"), self._values("fee", pairs, self.fee))

    # --- URLs --------------------------------------------------------------------------------

    def params(self):
        """The query as (name, value) pairs, defaults left out: the page first, as before."""
        pairs = [("page", str(self.page))] if self.page > 1 else []
        if self.q:
            pairs.append(("q", self.q))
        for name in MULTI:
            for value in getattr(self, name):
                pairs.append((name, _param(name, value)))
        if self.credits_system and (self.credits_min, self.credits_max) != (None, None):
            pairs.append(("credits_system", self.credits_system))
            for name in ("credits_min", "credits_max"):
                if getattr(self, name) is not None:
                    pairs.append((name, str(getattr(self, name).normalize())))
        if self.stackable:
            pairs.append(("stackable", self.stackable))
        if self.status != PublicStatus.ACTIVE:
            pairs.append(("status", self.status))
        if self.sort and self.sort != self.effective_sort_default:
            pairs.append(("sort", self.sort))
        return pairs

    @property
    def effective_sort_default(self):
        return "relevance" if self.q else "title"

    def url(self, **changes):
        """This query's URL (a query string) with some fields changed; back to page 1 unless
        the page is one of the changes."""
        changes.setdefault("page", 1)
        pairs = dataclasses.replace(self, **changes).params()
        return f"?{urlencode(pairs)}" if pairs else "?"

    def without(self, name, value=None):
        """The URL without one filter value (or the whole filter)."""
        if name == "credits":
            return self.url(credits_system="", credits_min=None, credits_max=None)
        current = getattr(self, name)
        if isinstance(current, tuple):
            return self.url(**{name: tuple(v for v in current if v != value)})
        default = PublicStatus.ACTIVE.value if name == "status" else ""
        return self.url(**{name: default})

    def chips(self, facets):
        """(label, URL that removes it) for every active filter, the search included."""
        labels = {
            (facet.name, value.value): (facet.label, value.label)
            for facet in facets
            for value in facet.values
        }
        chips = []
        if self.q:
            chips.append((f"{_('Search')}: {self.q}", self.url(q="")))
        for name in (*MULTI, "stackable", "status"):
            current = getattr(self, name)
            values = current if isinstance(current, tuple) else (current,)
            for value in values:
                if not value or (name == "status" and value == PublicStatus.ACTIVE):
                    continue
                facet_label, label = labels.get((name, _param(name, value)), (name, str(value)))
                chips.append((f"{facet_label}: {label}", self.without(name, value)))
        if self.credits_system and (self.credits_min, self.credits_max) != (None, None):
            low = "" if self.credits_min is None else self.credits_min.normalize()
            high = "" if self.credits_max is None else self.credits_max.normalize()
            label = _("Credits (%(system)s): %(low)s–%(high)s") % {
                "system": self.credits_system,
                "low": low,
                "high": high,
            }
            chips.append((label, self.without("credits")))
        return chips

    def hidden_fields(self, leave_out=("q", "page")):
        """(name, value) of the query, for hidden inputs of a form that sets the others."""
        return [(name, value) for name, value in self.params() if name not in leave_out]


def _param(name, value):
    if name == "level":
        framework, level = value
        return f"{framework}:{level:f}"  # 10, not 1E+1 as Decimal("10").normalize() prints
    return str(value)


def cached_facets(query, items):
    """The facet counts from the cache, computed once per filter state and catalogue
    generation: publishing or unpublishing anything starts a new generation (cms.page_cache).
    The key holds the items' own query (which catalogue, which language) and the filters, not
    the page or the sort, which do not change the counts."""
    filters = [(name, value) for name, value in query.params() if name not in ("page", "sort")]
    key = page_cache.key("facets", get_language(), str(items.query), filters)
    facets = cache.get(key)
    if facets is None:
        facets = query.facets(items)
        if page_cache.within_budget():
            cache.set(key, facets, page_cache.TIMEOUT)
    return facets


def catalogue_context(query, items, page):
    """What the catalogue page's template shows besides the items: the facets, the active
    filters as removable chips and every link, each a complete URL of the page's state."""
    facets = cached_facets(query, items)
    by_name = {facet.name: facet for facet in facets}
    return {
        "catalogue_query": query,
        "facets": [facet for facet in facets if facet.name != "status"],
        "status_facet": by_name["status"],
        "chips": query.chips(facets),
        "clear_url": query.url(**dict.fromkeys(MULTI, ()), **_CLEARED),
        "search_hidden_fields": query.hidden_fields(leave_out=("q", "page")),
        "filter_hidden_fields": [("q", query.q)] if query.q else [],
        "sort_options": [
            (value, label, value == query.effective_sort)
            for value, label in _sort_labels(bool(query.q))
        ],
        "previous_url": query.url(page=page.previous_page_number()) if page.has_previous() else "",
        "next_url": query.url(page=page.next_page_number()) if page.has_next() else "",
        "credit_systems": sorted(query.vocabulary.credit_system_names.items()),
        "shows_lapsed": query.status != PublicStatus.ACTIVE,
    }


_CLEARED = {
    "credits_system": "",
    "credits_min": None,
    "credits_max": None,
    "stackable": "",
    "status": PublicStatus.ACTIVE.value,
    "sort": "",
}


def _sort_labels(searching):
    labels = [
        ("title", _("Title")),
        ("newest", _("Newest first")),
        ("hours_asc", _("Fewest hours first")),
        ("hours_desc", _("Most hours first")),
        ("valid_until", _("Validity ending soonest")),
    ]
    return [("relevance", _("Relevance")), *labels] if searching else labels

"""The desk's case list (/desk/): search words, a state and a page, all in the URL.

Words match a case's title (Japanese or English), its provider's reference, its provider's
name (Japanese or English) or its number (#12); each word must match (AND). A query string
that cannot be a search (too long, an unknown state) gets the form's error and a 400; a page
number out of range or not a number gets the nearest page. A control character never gets
here: config/input_rules.py refuses it at the door.
"""

from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

from .models import DossierState, ProviderOrganisation

PER_PAGE = 50
#: Words beyond this many are ignored: each costs a condition in both queries.
MAX_TERMS = 8
#: Columns of the case a word may match; titles are read from the working copy's JSON. On
#: PostgreSQL each has a trigram index (migration 0010), which finds "%word%" without
#: reading every case.
TEXT_FIELDS = (
    "content__title__ja",
    "content__title__en",
    "provider_reference",
)
#: Columns of the provider a word may match.
PROVIDER_FIELDS = ("name_ja", "name_en")
#: Words this short hold no trigram: on PostgreSQL they are found among a case's characters
#: and pairs of characters (case_grams, migration 0012), which a trigram index can serve.
SHORT_WORD = 2


class CaseGrams(Func):
    """case_grams(content, provider_reference): " A AI I 統 統計 計 ", as indexed."""

    function = "case_grams"
    output_field = TextField()

    def __init__(self):
        super().__init__(F("content"), Cast(F("provider_reference"), TextField()))


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search cases"),
        max_length=200,
        required=False,
        help_text=_(
            "Words of the title (Japanese or English), of the provider's reference or name, "
            "or the case number (#12)."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All")), *DossierState.choices], required=False
    )

    def terms(self):
        return self.cleaned_data["q"].split()[:MAX_TERMS]


def matching(terms):
    """A condition every word must meet: in one of TEXT_FIELDS (case-insensitive), in the
    name of the case's provider, or the case's number.

    Every alternative is a condition on the case's own columns, so that PostgreSQL can find
    each in an index and OR the results (a bitmap OR): a condition on the joined provider
    would have to be tested on every case. The providers a word names are therefore looked
    up first, in one query over the (small) table of providers, and matched by key.
    """
    condition = Q()
    providers = _providers_named(terms)
    for index, term in enumerate(terms):
        either = _in_text(term)
        if providers[index]:
            either |= Q(organisation_id__in=providers[index])
        number = term.removeprefix("#")
        if number.isascii() and number.isdigit() and len(number) <= 9:
            either |= Q(pk=int(number))
        condition &= either
    return condition


def _in_text(term):
    """The word inside a title or the reference, in any case: by TEXT_FIELDS' trigram indexes,
    or for a short word on PostgreSQL by its own characters among the case's (the same
    matches: every one or two adjacent characters of a title or reference is one of them)."""
    if len(term) <= SHORT_WORD and connection.vendor == "postgresql":
        return Q(Contains(CaseGrams(), f" {term.upper()} "))
    either = Q()
    for name in TEXT_FIELDS:
        either |= Q(**{f"{name}__icontains": term})
    return either


def _providers_named(terms):
    """[[the pks of the providers whose name holds the word] for each word], in one query."""
    if not terms:
        return []
    words = {
        f"word_{index}": ExpressionWrapper(
            reduce(or_, (Q(**{f"{name}__icontains": term}) for name in PROVIDER_FIELDS)),
            output_field=BooleanField(),
        )
        for index, term in enumerate(terms)
    }
    rows = (
        ProviderOrganisation.objects.annotate(**words)
        .filter(reduce(or_, (Q(**{word: True}) for word in words)))
        .order_by("pk")
        .values_list("pk", *words)
    )
    found = [[] for _term in terms]
    for pk, *matches in rows:
        for index, matched in enumerate(matches):
            if matched:
                found[index].append(pk)
    return found


def page_number(raw, num_pages):
    """The page asked for, or the nearest one: 1 for junk or anything below 1, the last page
    for anything past it."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def url(*, q="", state="", page=1):
    """The case list's query string for this search, state and page (empty values left out)."""
    params = {"q": q, "state": state, "page": page if page != 1 else ""}
    query = urlencode({name: value for name, value in params.items() if value})
    return f"?{query}" if query else "?"


def navigation(page, *, q, state, counts):
    """The list's links, each keeping the search: the state tabs with their counts of matching
    cases, and the page links (first, last and two either side of this one)."""
    elided = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {
        "all_url": url(q=q),
        "total": sum(counts.values()),
        "states": [
            (value, label, counts[value], url(q=q, state=value))
            for value, label in DossierState.choices
        ],
        "pages": [
            (number, url(q=q, state=state, page=number) if isinstance(number, int) else None)
            for number in elided
        ],
        "previous_url": page.has_previous()
        and url(q=q, state=state, page=page.previous_page_number()),
        "next_url": page.has_next() and url(q=q, state=state, page=page.next_page_number()),
    }

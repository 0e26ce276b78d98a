"""The catalogue in figures, as the national surveys show it: certified items by field of
study, by level, by provider type and by quarter of the accreditation decision.

Only live, active items of one language count: a suspended, expired or revoked item is no
longer certified. Two queries whatever the catalogue's size: the items' few columns, then the
types of their providers.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditation.charts import Row, bar_chart, column_chart
from accreditation.models import ProviderOrganisation, PublicStatus
from accreditation.models.organisations import ProviderKind

from .models import CatalogueItemPage


@dataclass(frozen=True)
class Breakdown:
    """One way of counting the items: its heading, chart and (label, count) rows."""

    key: str
    column: str
    title: str
    desc: str
    rows: list[tuple[str, int]]
    chart: str


def _active_items(language):
    return (
        CatalogueItemPage.objects.live()
        .filter(locale__language_code=language, status=PublicStatus.ACTIVE)
        .values_list("field_of_study", "content", "provider_slug", "accredited_on")
    )


def _level_label(level):
    """ "JEQF 5", "NSQF 4.5": framework codes read the same in both languages."""
    if not isinstance(level, dict) or not level.get("framework"):
        return None
    value = level.get("value")
    number = f"{value:g}" if isinstance(value, int | float) else str(value)
    return f"{level['framework']} {number}"


def _level_order(label):
    framework, _space, value = label.partition(" ")
    try:
        return (framework, float(value))
    except ValueError:
        return (framework, 0.0)


def _quarters(dates):
    """Every quarter from the first decision to the last, those without one counted as 0, so
    that the chart's gaps are gaps in time."""
    counts = Counter((day.year, (day.month - 1) // 3 + 1) for day in dates)
    if not counts:
        return []
    (year, quarter), last = min(counts), max(counts)
    rows = []
    while (year, quarter) <= last:
        label = _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        rows.append((label, counts[(year, quarter)]))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return rows


UNKNOWN = gettext_lazy("Not stated")


def _by_count(counter):
    """Largest first, then by name, so equal counts keep a stable order."""
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


def catalogue_statistics(language):
    """The total and the four breakdowns for the catalogue in `language`."""
    items = list(_active_items(language))
    kinds = dict(
        ProviderOrganisation.objects.filter(
            slug__in={slug for _f, _c, slug, _d in items}
        ).values_list("slug", "kind")
    )
    fields = Counter(field or str(UNKNOWN) for field, _c, _s, _d in items)
    levels = Counter(
        _level_label(content.get("level")) or str(UNKNOWN) for _f, content, _s, _d in items
    )
    types = Counter(
        str(ProviderKind(kinds[slug]).label) if slug in kinds else str(UNKNOWN)
        for _f, _c, slug, _d in items
    )
    quarters = _quarters(day for _f, _c, _s, day in items)
    return len(items), [
        _horizontal(
            "fields",
            _("Field of study"),
            _("By field of study"),
            _("Certified items in each field of study."),
            _by_count(fields),
        ),
        _horizontal(
            "levels",
            _("Level"),
            _("By level"),
            _("Certified items at each level of their qualifications framework."),
            sorted(levels.items(), key=lambda pair: _level_order(pair[0])),
        ),
        _horizontal(
            "providers",
            _("Provider type"),
            _("By provider type"),
            _("Certified items by the type of their provider."),
            _by_count(types),
        ),
        Breakdown(
            "quarters",
            _("Quarter"),
            _("By quarter of the accreditation decision"),
            _("Items certified in each quarter that are still certified today."),
            quarters,
            column_chart(
                [Row(label, (count,)) for label, count in quarters],
                chart_id="chart-quarters",
                title=_("By quarter of the accreditation decision"),
                desc=_("Items certified in each quarter that are still certified today."),
            ),
        ),
    ]


def _horizontal(key, column, title, desc, rows):
    chart = bar_chart(
        [Row(label, (count,)) for label, count in rows],
        chart_id=f"chart-{key}",
        title=title,
        desc=desc,
    )
    return Breakdown(key, column, title, desc, rows, chart)

"""How long the public catalogue takes to answer at 20 and at 10,000 items.

Run (SQLite by default; set DATABASE_URL for PostgreSQL), see bench/README.md:

    PYTHONPATH=. .venv/bin/pytest bench/bench_catalogue.py -p tests.conftest -s

Not part of `make test`: timings vary with the machine, so they are printed, not asserted.
The tests assert the query counts instead.
"""

import statistics
import time

import pytest
from django.conf import settings
from django.core.cache import cache

from cms.models import CatalogueItemPage
from tests.cms.factories import bulk_item_pages, item_content, item_page

pytestmark = pytest.mark.django_db

SIZES = (20, 10_000)
MODES = ("online", "onsite", "blended", "work_based")
FIELDS = ("digital", "education", "health_welfare", "arts")
URLS = {
    "index": "/ja/catalogue/",
    "filtered": "/ja/catalogue/?field=digital&mode=online&eqf=5&hours=30-60",
    "search+filters": "/ja/catalogue/?q=データ&field=digital&mode=online",
    "api search": "/api/v1/credentials/?q=データ&mode=online",
}
RUNS = 7


def pages(start, n):
    return [
        item_page(
            item_content(
                f"データ活用講座{i}" if i % 3 else f"経営基礎{i}",
                field=FIELDS[i % 4],
                level=1 + i % 8,
                mode=MODES[i % 4],
            )
        )
        for i in range(start, start + n)
    ]


def median_ms(client, url, *, cached):
    timings = []
    for _ in range(RUNS):
        if not cached:
            cache.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def test_catalogue_timings(client, reference_data):
    rows, loaded = [], 0
    for size in SIZES:
        bulk_item_pages("ja", pages(loaded, size - loaded))
        loaded = size
        item_url = CatalogueItemPage.objects.live().first().url
        for name, url in [*URLS.items(), ("item", item_url)]:
            rows.append((size, name, median_ms(client, url, cached=False)))
        rows.append((size, "index, cached", median_ms(client, URLS["index"], cached=True)))
    print(f"\nCatalogue timings, median of {RUNS} ({settings.DATABASES['default']['ENGINE']})")
    for size, name, ms in rows:
        print(f"{size:>6} items  {name:<16} {ms:8.1f} ms")
    assert len(rows) == len(SIZES) * (len(URLS) + 2)

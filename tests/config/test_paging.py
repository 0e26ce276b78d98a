"""KeysFirstPaginator: the same pages as Django's Paginator, read as keys, then rows."""

import pytest
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import F

from config.paging import KeysFirstPaginator

pytestmark = pytest.mark.django_db


User = get_user_model()


@pytest.fixture
def users(db):
    User.objects.bulk_create(
        User(username=f"user-{n:02}", first_name=f"名{n}", last_name=f"Family {n % 4}")
        for n in range(23)
    )
    return (
        User.objects.filter(username__startswith="user-")  # not guardian's anonymous user
        .annotate(shown=F("last_name"))
        .defer("first_name")
        .order_by("-last_name", "username")
    )


def test_every_page_holds_the_same_rows_in_the_same_order(users):
    plain, keys_first = Paginator(users, 5), KeysFirstPaginator(users, 5)
    assert keys_first.count == plain.count == 23
    assert keys_first.num_pages == plain.num_pages == 5
    for number in plain.page_range:
        expected, got = plain.page(number), keys_first.page(number)
        assert [u.username for u in got] == [u.username for u in expected]
        assert (got.has_next(), got.start_index()) == (expected.has_next(), expected.start_index())


def test_a_page_keeps_the_querysets_annotations_and_deferred_fields(users):
    page = KeysFirstPaginator(users, 5).page(2)
    assert [u.shown for u in page] == [u.last_name for u in page]
    assert all("first_name" in u.get_deferred_fields() for u in page)


def test_a_page_costs_one_query_more_than_a_plain_page(users, django_assert_num_queries):
    with django_assert_num_queries(3):  # the count, the page's keys, its rows
        list(KeysFirstPaginator(users, 5).get_page(3))


def test_a_count_the_caller_knows_is_not_counted_again(users, django_assert_num_queries):
    with django_assert_num_queries(2):  # the page's keys, its rows
        page = KeysFirstPaginator(users, 5, count=23).get_page(5)
    assert [u.username for u in page] == [u.username for u in Paginator(users, 5).page(5)]
    assert page.paginator.num_pages == 5


def test_rows_can_be_read_by_key_through_another_queryset(users, django_assert_num_queries):
    rows = User.objects.annotate(shown=F("first_name")).only("username", "first_name")
    plain = Paginator(users, 5).page(2)
    with django_assert_num_queries(3):
        page = KeysFirstPaginator(users, 5, rows=rows).page(2)
        shown = [u.shown for u in page]
    assert [u.username for u in page] == [u.username for u in plain]  # the list's order
    assert shown == [u.first_name for u in plain]  # the rows' own columns and annotations
    assert all("last_name" in u.get_deferred_fields() for u in page)


def test_an_empty_list_has_an_empty_first_page(db):
    page = KeysFirstPaginator(User.objects.filter(is_staff=True).order_by("pk"), 5).get_page(1)
    assert list(page) == [] and page.number == 1


def test_a_row_gone_between_the_two_queries_is_left_out(users, monkeypatch):
    paginator = KeysFirstPaginator(users, 5)
    values_list = type(users).values_list

    def keys_then_delete(queryset, *fields, **kwargs):
        keys = list(values_list(queryset, *fields, **kwargs))
        User.objects.filter(pk=keys[0]).delete()
        return keys

    monkeypatch.setattr(type(users), "values_list", keys_then_delete)
    page = paginator.page(1)
    assert len(page) == 4

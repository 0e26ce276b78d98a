"""Japanese and English full-text search of the catalogue: terms, matching, ranking, recall."""

import datetime
import re
import uuid

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from accreditation import content as dossier_content
from accreditation.models import DossierState
from cms import search
from cms.models import CatalogueIndexPage, CatalogueItemPage
from demo.catalogue import COURSES
from demo.seed import course_content
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{2,}")


def content(title, summary=("", ""), outcomes=(), topics=()):
    return {
        "title": {"ja": title[0], "en": title[1]},
        "summary": {"ja": summary[0], "en": summary[1]},
        "learning_outcomes": [{"statement": {"ja": ja, "en": en}} for ja, en in outcomes],
        "content": {"topics": [{"ja": ja, "en": en} for ja, en in topics]},
    }


def publish(language, item_content, *, status="active"):
    """An item page built directly, as the publishing task would write it."""
    index = CatalogueIndexPage.objects.get(locale=Locale.objects.get(language_code=language))
    credential_id = uuid.uuid4()
    page = CatalogueItemPage(
        title=dossier_content.text(item_content["title"], language),
        slug=credential_id.hex[:12],
        credential_id=credential_id,
        translation_key=credential_id,
        locale=index.locale,
        dossier_id=1,
        status=status,
        provider_name="Org A",
        provider_slug="org-a",
        total_hours=30,
        valid_from=datetime.date(2026, 4, 1),
        valid_until=datetime.date(2029, 3, 31),
        accredited_on=datetime.date(2026, 3, 1),
        content=item_content,
        search_terms=search.index_text(item_content),
    )
    return index.add_child(instance=page)


def found(client, language, query):
    cache.clear()  # measure the search, not the page cache (cms.page_cache)
    response = client.get(f"/{language}/catalogue/", {"q": query})
    assert response.status_code == 200
    return [item.title for item in response.context["items"]]


# --- terms -----------------------------------------------------------------------------------


def test_japanese_runs_become_bigrams_and_a_lone_character_itself():
    assert search.terms("データ統計") == ["デー", "ータ", "タ統", "統計"]
    assert search.terms("の") == ["の"]
    assert search.terms("Pythonでデータ") == ["python", "でデ", "デー", "ータ"]


def test_normalisation_folds_full_width_and_half_width_forms_and_case():
    assert search.normalise("ＰＹＴＨＯＮ ﾃﾞｰﾀ") == "python データ"
    assert search.terms("ＰＹＴＨＯＮ") == ["python"]
    assert search.terms("ﾃﾞｰﾀ") == search.terms("データ")


@pytest.mark.parametrize(
    "forms",
    [
        ("visualise", "visualising", "visualised", "visualisation", "visualization"),
        ("evaluate", "evaluating", "evaluated", "evaluation", "evaluations"),
        ("manage", "managed", "managing", "management"),
        ("plan", "plans", "planned", "planning"),
        ("study", "studies", "studied"),
        ("approach", "approaches"),
        ("model", "models"),
    ],
)
def test_english_word_forms_share_a_stem(forms):
    assert len({search.stem(word) for word in forms}) == 1, {w: search.stem(w) for w in forms}


def test_words_that_only_look_like_plurals_keep_their_ending():
    assert search.stem("analysis") == "analysis"
    assert search.stem("class") == "class"
    assert search.stem("campus") == "campus"
    assert search.stem("data") == "data"


def test_function_words_are_not_terms():
    assert search.terms("Introduction to the Data") == ["introduction", "data"]


def test_index_text_puts_title_terms_first_and_covers_both_languages():
    text = search.index_text(
        content(
            ("統計", "Statistics"), ("要約", "Summary"), [("説明", "Explain")], [("分布", "Spread")]
        )
    )
    title, body = text.split(search.SECTION_MARK)
    assert title.split() == ["統計", "statistic"]
    assert body.split() == ["要約", "summary", "説明", "explain", "分布", "spread"]


# --- the catalogue page ----------------------------------------------------------------------


def test_a_two_character_japanese_query_finds_the_word_inside_running_text(client):
    publish("ja", content(("データ統計の基礎", "Basics of data statistics")))
    publish("ja", content(("機械学習", "Machine learning")))
    assert found(client, "ja", "統計") == ["データ統計の基礎"]
    assert found(client, "ja", "の基") == ["データ統計の基礎"]
    assert found(client, "ja", "学習") == ["機械学習"]


def test_a_one_character_query_finds_the_character_anywhere(client):
    publish("ja", content(("データ統計の基礎", "Basics of data statistics")))
    assert found(client, "ja", "統") == ["データ統計の基礎"]


def test_outcomes_summary_and_topics_are_searched_in_both_languages(client):
    publish(
        "en",
        content(
            ("入門", "Introduction"),
            ("要約を学ぶ", "Learn summaries"),
            [("分布を要約できる", "Can summarise a distribution")],
            [("可視化", "Visualisation")],
        ),
    )
    for query in ("分布", "可視", "distributions", "visualising", "summarising", "要約"):
        assert found(client, "en", query) == ["Introduction"], query


def test_all_query_terms_must_match(client):
    publish("en", content(("データ統計", "Data statistics")))
    publish("en", content(("データ倫理", "Data ethics")))
    assert sorted(found(client, "en", "data")) == ["Data ethics", "Data statistics"]
    assert found(client, "en", "data ethics") == ["Data ethics"]
    assert found(client, "en", "データ 統計") == ["Data statistics"]
    assert found(client, "en", "データ統計") == ["Data statistics"]
    assert found(client, "en", "ethics statistics") == []


def test_a_title_match_ranks_above_a_match_in_the_text(client):
    publish("en", content(("倫理", "Ethics"), ("", "Statistics in the summary")))
    publish("en", content(("統計", "Statistics"), ("", "Nothing else")))
    publish("en", content(("手法", "Methods"), ("", "Statistics, statistics and statistics")))
    assert found(client, "en", "statistics") == ["Statistics", "Methods", "Ethics"]


def test_search_lists_active_items_only(client):
    publish("en", content(("統計", "Statistics")))
    publish("en", content(("統計応用", "Applied statistics")), status="suspended")
    assert found(client, "en", "statistics") == ["Statistics"]


def test_pagination_links_keep_the_query(client):
    for i in range(51):
        publish("en", content((f"統計{i}", f"Statistics {i}")))
    response = client.get("/en/catalogue/", {"q": "statistics"})
    html = response.content.decode()
    assert response.context["items"].paginator.count == 51
    assert "?page=2&amp;q=statistics" in html
    assert 'value="statistics"' in html
    second = client.get("/en/catalogue/", {"q": "statistics", "page": 2})
    assert len(second.context["items"]) == 1


def test_no_match_says_so(client):
    publish("en", content(("統計", "Statistics")))
    html = client.get("/en/catalogue/", {"q": "astronomy"}).content.decode()
    assert "No certified item matches your search." in html
    assert "0 results for “astronomy”" in html


def test_search_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    for i in range(10):
        publish("en", content((f"統計{i}", f"Statistics {i}")))
    client.get("/en/")  # warm Wagtail's cached site paths, as any running server has them
    with django_assert_max_num_queries(30) as small:
        client.get("/en/catalogue/", {"q": "統計 statistics"})
    small_count = len(small.captured_queries)  # the log is reset by the next request
    for i in range(10, 50):
        publish("en", content((f"統計{i}", f"Statistics {i}")))
    cache.clear()  # count the page's queries, not the page cache's (cms.page_cache)
    client.get("/en/")
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/catalogue/", {"q": "統計 statistics"})
    assert len(response.context["items"]) == 50


def test_publishing_fills_the_terms_so_approved_items_are_found(
    client, people, django_capture_on_commit_callbacks
):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, DossierState.ACCREDITED, people.cast())
    pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)
    assert {page.search_terms for page in pages} == {search.index_text(dossier.content)}
    assert found(client, "ja", "サイエンス") == ["データサイエンス入門"]
    assert found(client, "en", "science") == ["Introduction to Data Science"]


def test_existing_pages_get_their_terms_from_the_migration():
    from importlib import import_module

    from django.apps import apps

    page = publish("en", content(("データ統計", "Data statistics")))
    CatalogueItemPage.objects.filter(pk=page.pk).update(search_terms="")
    import_module("cms.migrations.0002_search").fill_search_terms(apps, None)
    page.refresh_from_db()
    assert page.search_terms == search.index_text(page.content)


# --- recall on the demo catalogue ------------------------------------------------------------


def demo_queries(course):
    """Queries a learner might type for this course: 2-4 characters from inside its Japanese
    title and outcomes, and the longer words of its English title."""
    queries = []
    for text in (course.title[0], *(ja for ja, _, _ in course.outcomes)):
        run = max(JAPANESE_RUN.findall(text), key=len)
        for length in (2, 3, 4):
            if len(run) >= length:
                start = (len(run) - length) // 2  # from inside, not only the start
                queries.append(run[start : start + length])
    queries += [w for w in re.findall(r"[A-Za-z]{4,}", course.title[1]) if w.lower() != "with"]
    return queries


def test_recall_on_queries_from_the_demo_catalogue(client):
    for course in COURSES:
        publish("ja", course_content(course))
    queries = [(course.title[0], q) for course in COURSES for q in demo_queries(course)]
    assert len(queries) > 200
    misses = [(title, q) for title, q in queries if title not in found(client, "ja", q)]
    recall = 1 - len(misses) / len(queries)
    assert recall == 1.0, f"recall {recall:.3f} on {len(queries)} queries; missed {misses[:10]}"


def test_a_missing_language_does_not_repeat_the_other():
    text = search.index_text(content(("統計", "Statistics"), ("", "Summary only in English")))
    assert text.split().count("summary") == 1

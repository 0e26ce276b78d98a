"""Full-text search of the catalogue in Japanese and English, without a search server.

Wagtail's database backend splits text on whitespace, so it cannot find 統計 inside
データ統計の基礎. Here every item carries `search_terms`: the character bigrams of its Japanese
text and the stems of its English words, in both languages, stored as one space-delimited
string (" title terms | other terms "). A query is turned into terms the same way, and an item
matches when it has all of them (AND); matches are ranked by how often the terms occur, a term
in the title counting more.
"""

import re
import unicodedata
from collections import Counter

from django.core.paginator import Paginator

from accreditation.content import TEXT_LANGUAGES

TITLE_WEIGHT = 5
SECTION_MARK = "|"

# Han (with 々〆ヶ), Hiragana, Katakana (with the prolonged sound mark ー).
_CJK = "\u3005\u3006\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    }
)

# (suffix, replacement), first match wins; the longest forms come first. Spelling variants
# (-ise/-ize) meet on the same stem, and a final "e" is dropped afterwards, so "visualise",
# "visualising", "visualised" and "visualisation" all give "visualis".
_SUFFIXES = [
    ("isations", "is"),
    ("izations", "is"),
    ("isation", "is"),
    ("ization", "is"),
    ("ations", "at"),
    ("ation", "at"),
    ("ising", "is"),
    ("izing", "is"),
    ("ised", "is"),
    ("ized", "is"),
    ("ises", "is"),
    ("izes", "is"),
    ("ise", "is"),
    ("ize", "is"),
    ("ments", ""),
    ("ment", ""),
    ("ingly", ""),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
    ("ly", ""),
    ("sses", "ss"),
    ("es", ""),
    ("s", ""),
]
_KEEP_ENDINGS = ("ss", "us", "is")  # class, campus, analysis: not plurals
_MIN_STEM = 3


def normalise(text):
    """NFKC (full-width Latin and half-width kana become ordinary) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def stem(word):
    """A light English stem: enough for word forms to meet, not a full Porter stemmer."""
    if len(word) <= _MIN_STEM or not word.isalpha() or word.endswith(_KEEP_ENDINGS):
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            base = word[: -len(suffix)]
            if suffix in ("ing", "ings", "ed") and _doubled(base):
                base = base[:-1]  # planning, planned -> plan
            word = base + replacement
            break
    if word.endswith("e") and len(word) > _MIN_STEM + 1:
        word = word[:-1]  # manage/managed, note/notes meet
    return word


def _doubled(base):
    return len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in "aeioulsz"


def terms(text):
    """The search terms of a text, in order: bigrams of Japanese runs (the character itself
    for a run of one), stems of English words without the commonest function words."""
    found = []
    for token in _TOKEN.findall(normalise(text)):
        if _CJK_RUN.match(token):
            if len(token) == 1:
                found.append(token)
            else:
                found.extend(token[i : i + 2] for i in range(len(token) - 1))
        elif token not in STOPWORDS:
            found.append(stem(token))
    return found


def _bilingual(value):
    """Both languages' text once each (no fallback: a missing language adds nothing)."""
    if isinstance(value, dict):
        return " ".join(value.get(language) or "" for language in TEXT_LANGUAGES)
    return value or ""


def index_text(content):
    """The `search_terms` of an item from its dossier content: title terms, then the terms
    of its summary, learning outcomes and topics, in both languages."""
    title = _bilingual(content.get("title"))
    body = [_bilingual(content.get("summary"))]
    body += [_bilingual(o.get("statement")) for o in content.get("learning_outcomes") or []]
    body += [_bilingual(t) for t in (content.get("content") or {}).get("topics") or []]
    return f" {' '.join(terms(title))} {SECTION_MARK} {' '.join(terms(' '.join(body)))} "


def query_terms(query):
    """The distinct terms of a query, in order."""
    return list(dict.fromkeys(terms(query)))


def _is_single_char(term):
    return len(term) == 1 and _CJK_RUN.match(term) is not None


def matching(queryset, query_terms_):
    """Items having every term. A single Japanese character (a one-character query) is found
    inside any bigram; every other term must be a whole stored term."""
    for term in query_terms_:
        if _is_single_char(term):
            queryset = queryset.filter(search_terms__contains=term)
        else:
            queryset = queryset.filter(search_terms__contains=f" {term} ")
    return queryset


def score(search_terms, query_terms_):
    """Term frequency, a term in the title weighing TITLE_WEIGHT times one elsewhere."""
    title, _, body = search_terms.partition(SECTION_MARK)
    title_counts, body_counts = Counter(title.split()), Counter(body.split())
    total = 0
    for term in query_terms_:
        if _is_single_char(term):
            in_title = sum(n for t, n in title_counts.items() if term in t)
            in_body = sum(n for t, n in body_counts.items() if term in t)
        else:
            in_title, in_body = title_counts[term], body_counts[term]
        total += TITLE_WEIGHT * in_title + in_body
    return total


def ranked_page(queryset, query, page_number, per_page):
    """One page of the items matching `query`, best first, in two queries whatever the
    number of matches: the candidates' terms, then the page's items."""
    wanted = query_terms(query)
    if not wanted:
        return Paginator(queryset.order_by("title"), per_page).get_page(page_number)
    candidates = matching(queryset, wanted).values_list("pk", "title", "search_terms")
    ranked = sorted(candidates, key=lambda row: (-score(row[2], wanted), row[1], row[0]))
    page = Paginator([row[0] for row in ranked], per_page).get_page(page_number)
    by_pk = queryset.in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list]
    return page

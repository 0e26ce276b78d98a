"""Krippendorff's alpha against the published reference values and at its edges."""

import pytest

from reviewers.reliability import (
    INTERVAL,
    NOMINAL,
    ORDINAL,
    RATIO,
    coincidences,
    krippendorff_alpha,
    units_from_ratings,
)

_ = None
#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C: four observers
#: (rows) × twelve units (columns), with missing values.
CANONICAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
CANONICAL_UNITS = [list(column) for column in zip(*CANONICAL, strict=True)]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [(NOMINAL, 0.743), (ORDINAL, 0.815), (INTERVAL, 0.849), (RATIO, 0.797)],
)
def test_the_canonical_example_gives_the_published_values(metric, expected):
    alpha = krippendorff_alpha(CANONICAL_UNITS, metric)
    assert round(alpha.value, 3) == expected


def test_the_canonical_example_counts_its_pairable_units_and_values():
    """Unit 12 has a single value: it is not pairable, so 11 units and 40 values remain."""
    alpha = krippendorff_alpha(CANONICAL_UNITS, ORDINAL)
    assert (alpha.units, alpha.pairable_values) == (11, 40)


def test_the_coincidence_matrix_matches_the_published_one():
    """Krippendorff's worked matrix: marginals n_c = 9, 13, 10, 5, 3 (n = 40); o_11 = 7,
    o_12 = 4/3, o_22 = 10, o_33 = 8, o_44 = 4, o_55 = 3."""
    matrix, _units, n = coincidences(CANONICAL_UNITS)
    assert n == 40
    assert sum(matrix.values()) == pytest.approx(40)
    assert all(matrix[(c, k)] == pytest.approx(matrix[(k, c)]) for c, k in matrix)
    marginals = [sum(w for (c, _k), w in matrix.items() if c == value) for value in range(1, 6)]
    assert marginals == pytest.approx([9, 13, 10, 5, 3])
    diagonal = [matrix[(1, 1)], matrix[(2, 2)], matrix[(3, 3)], matrix[(4, 4)], matrix[(5, 5)]]
    assert diagonal == pytest.approx([7, 10, 8, 4, 3])
    assert matrix[(1, 2)] == pytest.approx(4 / 3)


def test_perfect_agreement_with_variation_is_one():
    units = [[0, 0, 0], [1, 1], [3, 3, 3], [2, 2, None]]
    for metric in (NOMINAL, ORDINAL, INTERVAL):
        assert krippendorff_alpha(units, metric).value == pytest.approx(1.0)


def test_systematic_disagreement_is_below_zero():
    assert krippendorff_alpha([[0, 3], [3, 0], [0, 3]], ORDINAL).value < 0


def test_ordinal_weighs_distant_disagreements_more_than_near_ones():
    near = krippendorff_alpha([[0, 0], [1, 2], [3, 3], [2, 2]], ORDINAL).value
    far = krippendorff_alpha([[0, 0], [0, 3], [3, 3], [2, 2]], ORDINAL).value
    assert near > far


@pytest.mark.parametrize(
    ("units", "verdict"),
    [
        ([], None),  # nothing
        ([[2], [3], [1, None]], None),  # no unit with two values
        ([[2, 2], [2, 2, 2]], "no_variation"),  # agreement cannot be told from chance
    ],
)
def test_too_little_data_gives_no_value(units, verdict):
    alpha = krippendorff_alpha(units, ORDINAL)
    assert alpha.value is None
    assert alpha.verdict == verdict


def test_the_verdict_follows_krippendorffs_thresholds():
    assert krippendorff_alpha(CANONICAL_UNITS, ORDINAL).verdict == "reliable"  # 0.815
    assert krippendorff_alpha(CANONICAL_UNITS, NOMINAL).verdict == "tentative"  # 0.743
    assert krippendorff_alpha([[0, 3], [3, 0], [1, 1]], ORDINAL).verdict == "unreliable"


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="Unknown metric"):
        krippendorff_alpha(CANONICAL_UNITS, "cosine")


def test_ratings_are_grouped_by_unit_one_voice_per_coder():
    units = units_from_ratings(
        [("v1", "ann", 2), ("v1", "bob", 3), ("v2", "ann", 1), ("v1", "ann", 1)]
    )
    assert sorted(sorted(unit) for unit in units) == [[1], [1, 3]]

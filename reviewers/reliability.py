"""Krippendorff's alpha: how far reviewers agree beyond what chance would give.

Pure Python, no database: the general coincidence-matrix method of Krippendorff (2011),
"Computing Krippendorff's Alpha-Reliability", with the nominal, ordinal, interval and ratio
difference functions. Reliability data are units (here: dossier versions), each with the values
the coders (reviewers) gave it; a coder may leave a unit out. Only units with two values or more
are *pairable*; a lone value says nothing about agreement.

    α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c · n_k δ²_ck

where o_ck is the coincidence matrix, n_c its marginals and n the number of pairable values.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import permutations

NOMINAL = "nominal"
ORDINAL = "ordinal"
INTERVAL = "interval"
RATIO = "ratio"

#: Krippendorff's thresholds: data at or above RELIABLE may be relied on; between TENTATIVE and
#: RELIABLE only tentative conclusions may be drawn; below, none.
RELIABLE = 0.8
TENTATIVE = 0.667


@dataclass(frozen=True)
class Alpha:
    """The coefficient with the counts it rests on. `value` is None when the data cannot tell:
    fewer than two pairable values, or no variation at all (every value the same)."""

    value: float | None
    units: int  # pairable units: those with two values or more
    pairable_values: int  # n: the values in those units

    @property
    def verdict(self):
        """'reliable', 'tentative', 'unreliable'; without a value, 'no_variation' when there
        were values to pair but all the same, else None (not enough data)."""
        if self.value is None:
            return "no_variation" if self.pairable_values >= 2 else None
        if self.value >= RELIABLE:
            return "reliable"
        if self.value >= TENTATIVE:
            return "tentative"
        return "unreliable"


def coincidences(units: Iterable[Iterable[float]]) -> tuple[Counter, int, int]:
    """The coincidence matrix {(c, k): o_ck} of the pairable units, their number and n.

    Each unit with m_u ≥ 2 values contributes every ordered pair of its values (from different
    coders) with weight 1 / (m_u − 1), so that each value counts once in all.
    """
    matrix = Counter()
    n_units = n = 0
    for values in units:
        values = [v for v in values if v is not None]
        m = len(values)
        if m < 2:
            continue
        n_units += 1
        n += m
        for c, k in permutations(values, 2):
            matrix[(c, k)] += 1 / (m - 1)
    return matrix, n_units, n


def _difference(metric, marginals: Mapping[float, float]):
    """δ²(c, k) for the metric; the ordinal one needs the marginal frequency of each value."""
    if metric == NOMINAL:
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == INTERVAL:
        return lambda c, k: float(c - k) ** 2
    if metric == RATIO:
        return lambda c, k: 0.0 if c + k == 0 else ((c - k) / (c + k)) ** 2
    if metric == ORDINAL:
        ranked = sorted(marginals)
        rank = {value: i for i, value in enumerate(ranked)}

        def ordinal(c, k):
            low, high = sorted((rank[c], rank[k]))
            between = sum(marginals[ranked[g]] for g in range(low, high + 1))
            return (between - (marginals[c] + marginals[k]) / 2) ** 2

        return ordinal
    raise ValueError(f"Unknown metric: {metric}")


def krippendorff_alpha(units: Iterable[Iterable[float]], metric: str = ORDINAL) -> Alpha:
    """α for reliability data given unit by unit (a unit: the values its coders gave it,
    None for a coder who left it out)."""
    matrix, n_units, n = coincidences(units)
    if n < 2:
        return Alpha(None, n_units, n)
    marginals = Counter()
    for (c, _k), weight in matrix.items():
        marginals[c] += weight
    delta = _difference(metric, marginals)
    observed = sum(weight * delta(c, k) for (c, k), weight in matrix.items())
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in marginals for k in marginals)
    if expected == 0:  # a single value throughout: agreement cannot be told from chance
        return Alpha(None, n_units, n)
    return Alpha(1 - (n - 1) * observed / expected, n_units, n)


def units_from_ratings(ratings: Iterable[tuple[Hashable, Hashable, float]]) -> list[list]:
    """Group (unit, coder, value) triples into units; a coder rating a unit twice counts once
    (the last value), as one coder is one voice per unit."""
    by_unit: dict = {}
    for unit, coder, value in ratings:
        by_unit.setdefault(unit, {})[coder] = value
    return [list(coders.values()) for coders in by_unit.values()]

"""The automatic assignment is optimal: checked against brute force on small random cases."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewers.solver import load_cost, solve, total_cost


def feasible(pairs, needs, capacity):
    per_dossier, per_reviewer = {}, {}
    for dossier, reviewer in pairs:
        per_dossier[dossier] = per_dossier.get(dossier, 0) + 1
        per_reviewer[reviewer] = per_reviewer.get(reviewer, 0) + 1
    return all(n <= needs.get(d, 0) for d, n in per_dossier.items()) and all(
        n <= capacity.get(r, 0) for r, n in per_reviewer.items()
    )


def brute_force(needs, capacity, current_load, pair_cost):
    """(most places filled, least cost among those) over every subset of allowed pairs."""
    allowed = sorted(pair_cost)
    best = (0, 0)
    for size in range(1, len(allowed) + 1):
        costs = [
            total_cost(chosen, pair_cost, current_load)
            for chosen in combinations(allowed, size)
            if feasible(chosen, needs, capacity)
        ]
        if costs:
            best = (size, min(costs))
    return best


@st.composite
def cases(draw):
    dossiers = range(draw(st.integers(1, 3)))
    reviewers = range(draw(st.integers(1, 4)))
    needs = {d: draw(st.integers(0, 2)) for d in dossiers}
    capacity = {r: draw(st.integers(0, 3)) for r in reviewers}
    current_load = {r: draw(st.integers(0, 4)) for r in reviewers}
    pairs = [(d, r) for d in dossiers for r in reviewers]
    allowed = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    pair_cost = {p: draw(st.integers(0, 12)) for p in allowed}
    return needs, capacity, current_load, pair_cost


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_solution_is_feasible_and_as_good_as_brute_force(case):
    needs, capacity, current_load, pair_cost = case
    solution = solve(needs, capacity, current_load, pair_cost)
    assert feasible(solution.pairs, needs, capacity)
    assert set(solution.pairs) <= set(pair_cost)
    assert len(set(solution.pairs)) == len(solution.pairs)
    assert (len(solution.pairs), solution.cost) == brute_force(*case)
    assert solution.cost == total_cost(solution.pairs, pair_cost, current_load)
    filled = sum(needs.values()) - sum(solution.unfilled.values())
    assert filled == len(solution.pairs)


def test_the_maximum_load_is_respected():
    needs = dict.fromkeys(range(5), 2)
    capacity = {"busy": 1, "free": 5}
    pair_cost = {(d, r): 0 for d in range(5) for r in capacity}
    solution = solve(needs, capacity, {"busy": 4, "free": 0}, pair_cost)
    taken = [r for _d, r in solution.pairs]
    assert taken.count("busy") == 1
    assert taken.count("free") == 5
    assert sum(solution.unfilled.values()) == 4


def test_work_is_spread_rather_than_piled_on_the_best_fit():
    """A greedy pass would give the best-fitting reviewer every dossier; the optimum balances."""
    needs = dict.fromkeys(range(4), 1)
    capacity = {"star": 5, "a": 5, "b": 5, "c": 5}
    pair_cost = {(d, r): (0 if r == "star" else 1) for d in range(4) for r in capacity}
    solution = solve(needs, capacity, {}, pair_cost)
    taken = sorted(r for _d, r in solution.pairs)
    assert taken == ["a", "b", "c", "star"]
    assert solution.cost == 3 + 4 * load_cost(0, 1)


def test_existing_load_counts_toward_the_balance():
    needs = {0: 1}
    pair_cost = {(0, "loaded"): 0, (0, "idle"): 2}
    solution = solve(needs, {"loaded": 3, "idle": 3}, {"loaded": 2, "idle": 0}, pair_cost)
    # The loaded reviewer's next assignment costs 5, the idle one's 1 + 2 for a worse fit.
    assert solution.pairs == [(0, "idle")]


def test_infeasible_places_are_reported():
    needs = {"no-one": 2, "one": 2}
    pair_cost = {("one", "x"): 0}
    solution = solve(needs, {"x": 5}, {}, pair_cost)
    assert solution.pairs == [("one", "x")]
    assert solution.unfilled == {"no-one": 2, "one": 1}


def test_load_cost_is_convex():
    marginals = [load_cost(k, 1) for k in range(6)]
    assert marginals == sorted(marginals)
    assert len(set(marginals)) == len(marginals)

"""The optimal assignment of reviewers to dossiers, as a minimum-cost maximum flow.

    source ─(needed, 0)─▶ dossier ─(1, pair cost)─▶ reviewer ─(1, k-th unit cost)─▶ sink

Each dossier asks for as many reviewers as it still needs; each allowed pair carries at most
one assignment at the cost of the pair's fit; each reviewer takes at most their remaining
capacity, the k-th new assignment of a reviewer who already has L costing
`LOAD_WEIGHT × (2(L+k) − 1)`, so a reviewer with L + n assignments costs `LOAD_WEIGHT × (L+n)²`
in all. That marginal cost grows with the load (convex), so the cheapest flow spreads the work:
a greedy pass, which fills dossiers one after another, cannot promise that.

The flow fills as many places as the constraints allow, then costs the least among those.
"""

from dataclasses import dataclass, field

import networkx as nx

LOAD_WEIGHT = 1
SOURCE, SINK = ("source",), ("sink",)


def load_cost(current: int, added: int, weight: int = LOAD_WEIGHT) -> int:
    """What giving `added` more assignments to a reviewer with `current` costs."""
    return weight * ((current + added) ** 2 - current**2)


@dataclass
class Solution:
    pairs: list  # [(dossier key, reviewer key)]
    cost: int
    unfilled: dict = field(default_factory=dict)  # {dossier key: places left empty}


def total_cost(pairs, pair_cost, current_load, weight=LOAD_WEIGHT):
    """The objective: the pairs' costs plus each reviewer's load cost."""
    added = {}
    for _dossier, reviewer in pairs:
        added[reviewer] = added.get(reviewer, 0) + 1
    return sum(pair_cost[p] for p in pairs) + sum(
        load_cost(current_load.get(r, 0), n, weight) for r, n in added.items()
    )


def solve(needs, capacity, current_load, pair_cost, weight=LOAD_WEIGHT) -> Solution:
    """Assign reviewers to dossiers.

    needs: {dossier: places to fill}; capacity: {reviewer: how many more they may take};
    current_load: {reviewer: open assignments now}; pair_cost: {(dossier, reviewer): integer
    cost ≥ 0}, one entry per allowed pair (eligible, no conflict).
    """
    graph = nx.DiGraph()
    graph.add_nodes_from([SOURCE, SINK])
    for dossier, needed in needs.items():
        if needed > 0:
            graph.add_edge(SOURCE, ("d", dossier), capacity=needed, weight=0)
    for (dossier, reviewer), cost in pair_cost.items():
        if needs.get(dossier, 0) > 0 and capacity.get(reviewer, 0) > 0:
            graph.add_edge(("d", dossier), ("r", reviewer), capacity=1, weight=int(cost))
    for reviewer, free in capacity.items():
        load = current_load.get(reviewer, 0)
        for k in range(1, free + 1):
            unit = ("u", reviewer, k)
            marginal = load_cost(load + k - 1, 1, weight)
            graph.add_edge(("r", reviewer), unit, capacity=1, weight=marginal)
            graph.add_edge(unit, SINK, capacity=1, weight=0)
    flow = nx.max_flow_min_cost(graph, SOURCE, SINK)
    pairs = sorted(
        (node[1], target[1])
        for node, targets in flow.items()
        if node[0] == "d"
        for target, units in targets.items()
        if units
    )
    filled = {}
    for dossier, _reviewer in pairs:
        filled[dossier] = filled.get(dossier, 0) + 1
    unfilled = {d: n - filled.get(d, 0) for d, n in needs.items() if n - filled.get(d, 0) > 0}
    return Solution(pairs, total_cost(pairs, pair_cost, current_load, weight), unfilled)

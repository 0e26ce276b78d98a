"""What a page's queries cost on PostgreSQL: every SELECT a request runs, explained.

A query-count test says a page runs 12 queries whatever its rows; it cannot see that one of
them reads every dossier to keep fifty, or joins grants by a text cast. Here each SELECT of a
real request (the test client's) is captured and run again under EXPLAIN (ANALYZE, FORMAT
JSON), and its plan's nodes are walked for what grows with the register rather than with the
page, on the big tables only (small ones are rightly read whole, an index would cost more):

- a sequential scan of a big table;
- rows of a big table read and put aside: by a scan's filter or index recheck, or by a join
  filter over a big table on the join's inner side (read again for each outer row). EXPLAIN
  gives these per loop: they are multiplied by the node's loops.

Call `analyze()` after writing the rows, so that the planner knows the tables' sizes.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

#: A table with at least this many rows (after ANALYZE) is big.
BIG = 1000
#: Rows of big tables a node may put aside: a page of 50 may look at a few hundred candidates,
#: where a scan of the register would put aside thousands.
PUT_ASIDE = 500
REMOVED = ("Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck")
#: How a server-side cursor (`QuerySet.iterator()` on PostgreSQL) shows its query.
DECLARE = re.compile(
    r"^\s*DECLARE\s+\S+\s+(?:NO\s+)?(?:SCROLL\s+)?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+",
    re.IGNORECASE,
)


def analyze():
    """Statistics for the planner, with the GIN indexes' pending entries merged in first, as
    autovacuum does: rows written in bulk wait in a GIN index's pending list, which every
    scan of the index reads whole, and the planner rightly prefers a sequential scan then.
    (VACUUM cannot run inside the test's transaction; so the visibility map stays empty, and
    an index-only scan still visits the table.)"""
    with connection.cursor() as cursor:
        # The foreign keys' deferred checks, run now: none may be pending on a cleaned table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c"
            " JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE am.amname = 'gin' AND n.nspname = 'public'"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
        cursor.execute("ANALYZE")


def big_tables(threshold=BIG):
    """{table: rows} of the tables with at least `threshold` rows, by the last ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples >= %s",
            [threshold],
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def plan_nodes(plan):
    """Every node of a plan, its init plans and subplans included."""
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def relations(plan):
    return {node["Relation Name"] for node in plan_nodes(plan) if "Relation Name" in node}


def put_aside(node):
    """The rows this node read and put aside, over all its loops."""
    return sum(node.get(key, 0) for key in REMOVED) * node.get("Actual Loops", 1)


def put_aside_of(node, tables):
    """The rows of `tables` this node put aside: its own if it scans one of them; a join's
    if one of them is on its inner side, read again for each row of the outer side."""
    if node.get("Relation Name") in tables:
        return put_aside(node)
    children = node.get("Plans", [])
    if "Join Filter" in node and len(children) > 1 and relations(children[1]) & set(tables):
        return put_aside(node)
    return 0


@dataclass
class Explained:
    sql: str
    plan: dict

    @property
    def nodes(self):
        return list(plan_nodes(self.plan["Plan"]))

    def scans(self, table):
        return [node for node in self.nodes if node.get("Relation Name") == table]

    @property
    def aggregates(self):
        return any(node["Node Type"] == "Aggregate" for node in self.nodes)


def read_whole_once(*tables):
    """A rule for `Page.problems`: an aggregate over every row of these tables (counts by
    state, figures over the whole period) reads them whole, but once: a sequential scan that
    filters nothing out, in a single loop, under an aggregate."""

    def rule(explained, node):
        return (
            explained.aggregates
            and node["Node Type"] == "Seq Scan"
            and node["Relation Name"] in tables
            and node.get("Actual Loops") == 1
            and put_aside(node) == 0
        )

    return rule


@dataclass
class Page:
    """A page's response and the plans of the SELECTs it ran, in order."""

    response: object
    queries: list = field(default_factory=list)

    def problems(self, tables, *, max_put_aside=PUT_ASIDE, allowed=()):
        """One line for each costly node: a sequential scan of one of `tables` or more than
        `max_put_aside` of their rows put aside, unless a rule of `allowed` accepts it."""
        found = []
        for number, explained in enumerate(self.queries, 1):
            for node in explained.nodes:
                if any(rule(explained, node) for rule in allowed):
                    continue
                relation = node.get("Relation Name", "")
                if node["Node Type"] == "Seq Scan" and relation in tables:
                    found.append(f"query {number}: Seq Scan on {relation}: {explained.sql}")
                elif (removed := put_aside_of(node, tables)) > max_put_aside:
                    found.append(
                        f"query {number}: {node['Node Type']} {relation} put aside {removed}"
                        f" rows: {explained.sql}"
                    )
        return found

    def scans(self, table):
        return [node for explained in self.queries for node in explained.scans(table)]


def explain(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()[0]
    return plan


def _read(sql):
    """The SELECT this statement runs, or None for a write or a transaction statement."""
    sql = DECLARE.sub("", sql)
    return sql if sql.lstrip().upper().startswith(("SELECT", "WITH")) else None


def request_plans(client, path, *, method="get", **kwargs):
    """Request `path` with the test client; then explain every SELECT it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **kwargs)
    reads = [sql for query in captured.captured_queries if (sql := _read(query["sql"]))]
    return Page(response, [Explained(sql, explain(sql)) for sql in reads])

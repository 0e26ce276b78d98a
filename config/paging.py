"""Pages of long lists whose cost does not grow with the rows before the page.

PostgreSQL sorts and cuts a page (ORDER BY … LIMIT 50) after its joins: for a reviewer with
900 assignments it joins 900 versions, dossiers and organisations, and computes every
annotation (a title read out of a dossier's JSON) for each, to keep 50. `KeysFirstPaginator`
finds the page's keys first, on the listed table and whatever its filters and ordering join,
then reads those 50 rows whole. One query more than a plain page, and the same rows; one
fewer where the caller already knows how many rows the list has (`count`).

By default the rows are read through the list's own queryset, its filters run again on the
50 keys. Where those filters are costly (a provider's access: the memberships and every
dossier granted to them), `rows` reads the page's keys by primary key alone: they passed
the filters in the query before.
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A Paginator over a queryset that reads a page as its keys, then its rows.

    `count`: the number of rows, where the caller has counted them already (the desk's
    per-state counts), so the list is not counted a second time.
    `rows`: the queryset (its joins, columns and annotations, no filter) that reads a page's
    rows by their keys, instead of the list's own."""

    def __init__(self, object_list, per_page, *, count=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value
        self.rows = rows if rows is not None else object_list

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        rows = self.rows.in_bulk(keys)
        # A row deleted (or, read through the list's filters, moved out of the list) between
        # the two queries is left out.
        return super()._get_page([rows[k] for k in keys if k in rows], number, paginator)

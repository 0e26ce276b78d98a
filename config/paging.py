"""Pages of long lists whose cost does not grow with the rows before the page.

PostgreSQL sorts and cuts a page (ORDER BY … LIMIT 50) after its joins: for a reviewer with
900 assignments it joins 900 versions, dossiers and organisations, and computes every
annotation (a title read out of a dossier's JSON) for each, to keep 50. `KeysFirstPaginator`
finds the page's keys first, on the listed table and whatever its filters and ordering join,
then reads those 50 rows whole. One query more than a plain page, and the same rows; one
fewer where the caller already knows how many rows the list has (`count`).
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A Paginator over a queryset that reads a page as its keys, then its rows.

    `count`: the number of rows, where the caller has counted them already (the desk's
    per-state counts), so the list is not counted a second time."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        rows = self.object_list.in_bulk(keys)
        # A row deleted or moved out of the list between the two queries is left out.
        return super()._get_page([rows[k] for k in keys if k in rows], number, paginator)

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so that a list over a whole municipality of hundreds of
    thousands of clients does not pay for an exact count nobody reads. `is_capped` tells the
    template to say "more than ..." and ask for a narrower search.

    `heads`: querysets, each in object_list's order, whose rows together are object_list's
    first rows (a search's best matches: ClientQuerySet.best_first). When only one of them
    holds rows and enough for the page asked, the page is read from it, which is cheap where
    object_list must rank every match before its first row. They are counted (up to the page)
    in the count's query, so they add no query. `by_pk`: order and slice object_list on its
    row numbers, then fetch the page's rows (a ranking that reads every match anyway)."""

    cap = 1_000

    def __init__(
        self, object_list, per_page, *, count_queryset=None, heads=(), by_pk=False, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.by_pk = by_pk
        # Counting needs no per-row annotations (columns); they would run for every counted row.
        self.count_queryset = object_list if count_queryset is None else count_queryset
        self.heads = list(heads)
        self.head = None  # (the one head holding rows, how many up to the page asked)

    @cached_property
    def count(self) -> int:
        return self._counts(self.per_page)

    def _counts(self, needed: int) -> int:
        """The capped count and, in the same query, each head's rows up to the page asked and
        past the cap: when the heads hold more than `cap` rows, so does object_list, and
        PostgreSQL skips counting it (an InitPlan is run when its value is first needed)."""
        if not self.heads:
            return self.count_queryset[: self.cap + 1].count()
        db = self.count_queryset.db
        past_cap = max(needed, self.cap + 1)
        total, total_params = self._capped_sql(self.count_queryset, self.cap + 1, db)
        heads, params = [], []
        for number, head in enumerate(self.heads):
            sql, head_params = self._capped_sql(head, past_cap, db)
            heads.append(f"{sql} AS head{number}")
            params.extend(head_params)
        names = [f"head{number}" for number in range(len(self.heads))]
        sql = (
            f"SELECT CASE WHEN {' + '.join(names)} > %s THEN %s ELSE {total} END, "  # noqa: S608 (compiled querysets)
            f"{', '.join(names)} FROM (SELECT {', '.join(heads)} OFFSET 0) AS heads"
        )
        with connections[db].cursor() as cursor:
            cursor.execute(sql, [self.cap, self.cap + 1, *total_params, *params])
            total, *found = cursor.fetchone()
        holding = [(head, rows) for head, rows in zip(self.heads, found, strict=True) if rows]
        if len(holding) == 1:
            self.head = holding[0]
        return total

    @staticmethod
    def _capped_sql(queryset, limit: int, db: str) -> tuple[str, tuple]:
        """ "(SELECT COUNT(*) FROM (...) ...)": the rows of `queryset`, up to `limit`."""
        sql, params = queryset.order_by().values("pk")[:limit].query.get_compiler(db).as_sql()
        return f"(SELECT COUNT(*) FROM ({sql}) AS part)", params  # noqa: S608

    def page(self, number):
        if "count" not in self.__dict__ and self.heads:
            try:  # count the heads up to the page asked; a page out of range reads object_list
                asked = max(int(number), 1)
            except (TypeError, ValueError):
                asked = 1
            last = -(-(self.cap + 1) // self.per_page)  # the last page a capped count has
            self.__dict__["count"] = self._counts(min(asked, last) * self.per_page)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.head is not None and not self.orphans and top <= self.head[1]:
            return self._get_page(self.head[0][bottom:top], number, self)
        if self.by_pk and not self.orphans:
            # Ordered and sliced on the row numbers alone, then the page's rows fetched by
            # number: the joins and wide rows only for the rows shown.
            top = min(top, self.count)
            shown = self.object_list.values("pk")[bottom:top]
            return self._get_page(self.object_list.filter(pk__in=shown), number, self)
        return super().page(number)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


def client_page(request, clients, per_page: int = 50):
    """A drill-down's page of clients by name, and the query string without the page number
    (for the pagination links)."""
    page = CappedPaginator(clients.order_by("last_name_lower", "first_names", "pk"), per_page)
    query = request.GET.copy()
    query.pop("pagina", None)
    return page.get_page(request.GET.get("pagina")), query.urlencode()

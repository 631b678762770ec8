from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so that a list over a whole municipality of hundreds of
    thousands of clients does not pay for an exact count nobody reads. `is_capped` tells the
    template to say "more than ..." and ask for a narrower search."""

    cap = 1_000

    def __init__(self, object_list, per_page, *, count_queryset=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # Counting needs no per-row annotations (columns); they would run for every counted row.
        self.count_queryset = object_list if count_queryset is None else count_queryset

    @cached_property
    def count(self) -> int:
        return self.count_queryset[: self.cap + 1].count()

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

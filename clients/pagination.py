from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so that a list over a whole municipality of hundreds of
    thousands of clients does not pay for an exact count nobody reads. `is_capped` tells the
    template to say "more than ..." and ask for a narrower search."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

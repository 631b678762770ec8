"""Range expressions for GiST exclusion constraints (dates that must not overlap per client)."""

from __future__ import annotations

from django.db import models
from django.db.models import Func


class DateRange(Func):
    """PostgreSQL daterange(start, end, '[]'): both ends inclusive, NULL end is open."""

    function = "daterange"
    output_field = models.Field()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[]"))


class DateSpan(Func):
    """daterange(start, end, '[)'): the days a row is in force, from its start up to (not
    including) the start of the next; NULL end is open."""

    function = "daterange"
    output_field = models.Field()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[)"))


class IdRange(Func):
    """int8range(id, id, '[]'): lets a GiST exclusion constraint compare ids with "=" without
    btree_gist, which the embedded PostgreSQL does not ship."""

    function = "int8range"
    output_field = models.Field()

    def __init__(self, column):
        super().__init__(column, column, models.Value("[]"))

"""Expressions for GiST exclusion constraints: dated rows of one client must not overlap.

`DayBox` is what contact details and ontheffingen use (benefit periods, assessments and ladder
steps are checked by a statement trigger instead, `core.overlap`, which costs a row less than
keeping a GiST index): a client's row as a box on two axes, the client's id
and the days it covers, so one `&&` ("do these boxes overlap?") says "same client and
overlapping days". The box's GiST operator class is PostgreSQL's own, so it needs no extension
(the embedded PostgreSQL has no btree_gist), and it is cheaper to keep than the pair
`int8range(client_id, client_id) =, daterange(...) &&` it replaced: inserting the demo's
226,765 assessments took 6.5 s against 15.1 s (docs/performance.md, issue 22).

`DateRange`, `DateSpan` and `IdRange` stay for the migrations that name them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Func, Value

# Days since 2000-01-01 stand for an open end: later than any date a DateField holds (9999-12-31
# is 2,921,939 days), and finite, so a box's area stays a number for the GiST's choices.
OPEN_END = 10_000_000


class _Days(Func):
    """A date as days since 2000-01-01 (NULL stays NULL). The cast lets a value Django
    substitutes when it validates a model (`ExclusionConstraint.validate`) be a plain parameter."""

    template = "(%(expressions)s::date - DATE '2000-01-01')"
    output_field = models.IntegerField()


class DayBox(Func):
    """box(point(client, first day), point(client, last day)): a client's dated row for an
    exclusion constraint with `&&`.

    Boxes are closed, so two rows of one client conflict when their days share a point. With
    `end_inclusive` the end day is the row's last day (a benefit period's `end`); without, the
    end is the first day the row no longer covers (`valid_until`, the next row's date) and the
    box stops half a day before it. A NULL end is open (OPEN_END). Client ids are exact as
    doubles up to 2**53."""

    function = "box"
    output_field = models.Field()

    def __init__(self, client, start, end, *, end_inclusive: bool):
        last = Func(_Days(end), Value(OPEN_END), function="COALESCE")
        if not end_inclusive:
            last = Func(last, template="(%(expressions)s - 0.5::float8)")
        super().__init__(
            Func(client, _Days(start), function="point"), Func(client, last, function="point")
        )


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

"""Date arithmetic in SQL, with the same results as core.dates."""

from __future__ import annotations

from django.db.models import DateField, Func


class AddMonths(Func):
    """The same day `months` later, clipped to the end of a shorter month: PostgreSQL's
    date + interval does exactly what core.dates.add_months does."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        months_sql, months_params = compiler.compile(self.source_expressions[1])
        return (
            f"(({day_sql}) + make_interval(months => ({months_sql})::int))::date",
            [*day_params, *months_params],
        )


class AddDays(Func):
    """date + integer: a date `days` later (or earlier, when negative)."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        return f"(({day_sql}) + ({days_sql})::int)", [*day_params, *days_params]

from django import template
from django.utils.formats import number_format

from budgets.split import to_euros

register = template.Library()


@register.filter
def euro(cents: int) -> str:
    """Cents as Dutch euros: 360380000 -> 3.603.800,00."""
    return number_format(to_euros(cents), 2, use_l10n=True, force_grouping=True)


@register.filter
def thousands(amount: int) -> str:
    """Whole thousands, already rounded (budgets.tables: the row's `thousands`), grouped Dutch:
    1234 -> 1.234."""
    return number_format(amount, 0, use_l10n=True, force_grouping=True)

from django import template
from django.utils.formats import number_format

from budgets.split import round_thousands, to_euros

register = template.Library()


@register.filter
def euro(cents: int) -> str:
    """Cents as Dutch euros: 360380000 -> 3.603.800,00."""
    return number_format(to_euros(cents), 2, use_l10n=True, force_grouping=True)


@register.filter
def thousands(cents: int) -> str:
    """Cents as whole thousands of euros, rounded half up: 36038000 -> 360."""
    return number_format(round_thousands(cents), 0, use_l10n=True, force_grouping=True)

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def age_on(client, on):
    return client.age_on(on)


@register.filter
def attribute(obj, name):
    """An attribute added by a caseload column (clients.extensions)."""
    return getattr(obj, name, None)


@register.filter
def dictget(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


@register.filter
def nowrap_dates(text):
    """The text with each dd-mm-jjjj kept on one line: a narrow screen would break a date at
    its hyphens."""
    escaped = str(conditional_escape(text))
    return mark_safe(DATE.sub(r'<span class="text-nowrap">\g<0></span>', escaped))  # noqa: S308 - escaped above  # nosec B308 B703

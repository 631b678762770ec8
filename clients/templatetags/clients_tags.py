from django import template

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

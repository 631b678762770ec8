from django import template

register = template.Library()


@register.filter
def age_on(client, on):
    return client.age_on(on)

"""`{% load opstap %}`: one filter per kind of value, so every page writes them alike."""

from django import template

from core import formatting
from core.redirects import with_next

register = template.Library()

register.filter("money", formatting.money)
register.filter("number", formatting.number)
register.filter("day", formatting.day)
register.filter("with_next", with_next)

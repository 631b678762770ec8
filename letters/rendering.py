"""Letter templates in Django's template language, rendered in a sandbox: an engine of its own
with no template loaders and no libraries ({% load %}, {% include %}, {% extends %} and
{% debug %} are refused when the template is saved and when it is rendered), autoescape on, and a
context of plain strings only (context.py), so a template can reach no model, method or setting.

A template renders to text; the consulent checks and edits that text; the PDF template
(letters/templates/letters/letter_pdf.html) escapes it again and makes paragraphs of it."""

from __future__ import annotations

import html

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode
from django.utils.translation import gettext as _

ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    autoescape=True,
    string_if_invalid="",
)
REFUSED_TAGS = ("load", "include", "extends", "debug", "block", "templatetag", "csrf_token")
REFUSED_NODES = (ExtendsNode, IncludeNode, BlockNode)


def _nodes(nodelist):
    for node in nodelist:
        yield node
        for attribute in getattr(node, "child_nodelists", ()):
            yield from _nodes(getattr(node, attribute, None) or [])


def compile_template(source: str):
    for tag in REFUSED_TAGS:
        if f"{{% {tag}" in source or f"{{%{tag}" in source:
            raise TemplateSyntaxError(f"tag {tag}")
    template = ENGINE.from_string(source)
    if any(isinstance(node, REFUSED_NODES) for node in _nodes(template.nodelist)):
        raise TemplateSyntaxError("refused node")
    return template


def check_template_source(source: str, *, field: str) -> None:
    try:
        compile_template(source)
    except TemplateSyntaxError as error:
        raise ValidationError(
            {
                field: _("Dit sjabloon kan niet gebruikt worden: %(error)s")
                % {"error": str(error)[:200]}
            }
        ) from error


def render_text(source: str, context: dict) -> str:
    """The filled-in text, as plain text (the escaping of autoescape undone: the text is
    escaped again where it becomes HTML)."""
    rendered = compile_template(source).render(Context(context, autoescape=True))
    return html.unescape(rendered).strip()

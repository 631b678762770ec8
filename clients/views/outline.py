"""The client file's other apps' sections, rendered once, with their headings for the skip links
("Op deze pagina") and their lines for the summary at the top (issue 20)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from clients import extensions
from clients.extensions import SummaryFact


class _Headings(HTMLParser):
    """The `<h2 id="...">` headings of a piece of HTML, as (id, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._id = ""

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "h2" and (anchor := dict(attrs).get("id")):
            self._open, self._id = [], anchor

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag) -> None:
        if tag == "h2" and self._open is not None:
            self.found.append((self._id, " ".join("".join(self._open).split())))
            self._open = None


def headings(html: str) -> list[tuple[str, str]]:
    parser = _Headings()
    parser.feed(html)
    return parser.found


@dataclass
class Outline:
    """The sections' HTML in order, the headings they show and their summary lines."""

    html: list[SafeString] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)
    facts: list[SummaryFact] = field(default_factory=list)


def file_sections(request: HttpRequest, client, today: date) -> Outline:
    """Every registered section: its context read once, used for its block and its summary
    lines; a heading counts as a skip link only when the block really shows it."""
    outline = Outline()
    for section in sorted(extensions.file_sections, key=lambda s: s.order):
        context = section.context(request, client)
        if section.summary and not context.get("hidden"):
            outline.facts.extend(section.summary(context))
        if not section.template:
            continue
        # A template's output is safe (SafeString) and goes on the page as it is. The client
        # and the day as the file's own template has them, for a block that names them.
        html = render_to_string(
            section.template,
            {"section": context, "client": client, "today": today},
            request=request,
        )
        outline.html.append(html)
        outline.headings.extend(headings(html))
    return outline

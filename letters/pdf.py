"""A letter as a tagged PDF (WeasyPrint, PDF/UA-1), on the organisation's letterhead.

WeasyPrint fetches nothing from the network or the disk except Opstap's own letterhead files in
letters/static/letters/ (LetterheadOnlyFetcher); any other URL in a letter is refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

LETTERHEAD_DIR = (Path(__file__).parent / "static" / "letters").resolve()


class RefusedURL(ValueError):
    pass


class LetterheadOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise RefusedURL(f"refused: {parsed.scheme} URL")
        path = Path(unquote(parsed.path)).resolve()
        if path.parent != LETTERHEAD_DIR or not path.is_file():
            raise RefusedURL("refused: not a letterhead file")
        content_type = {".css": "text/css", ".svg": "image/svg+xml"}.get(path.suffix)
        if content_type is None:
            raise RefusedURL("refused: not a letterhead file type")
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(context: dict) -> bytes:
    html = render_to_string("letters/letter_pdf.html", context)
    document = HTML(
        string=html,
        base_url=LETTERHEAD_DIR.as_uri() + "/",
        url_fetcher=LetterheadOnlyFetcher(),
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")

"""Every URL of Opstap is a page that a browser test checks with axe-core, or is listed as not
a page: a new page cannot be added without joining the checks (see pages.py)."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser.pages import IN_FLOWS, NOT_PAGES, SWEEP


def url_names(patterns, namespace: str = "") -> set[str]:
    """The names of the project's URLs, with namespace; Django's admin is left to the beheerder
    flow, which checks the admin pages it uses."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_page_is_checked_in_a_browser():
    covered = {visit.view for visit in SWEEP} | set(IN_FLOWS) | set(NOT_PAGES)
    missing = url_names(get_resolver().url_patterns) - covered
    assert not missing, (
        f"Pages no browser test checks: {sorted(missing)}. Add each to tests/browser/pages.py."
    )


def test_the_lists_name_only_urls_that_exist():
    listed = [visit.view for visit in SWEEP] + list(IN_FLOWS) + list(NOT_PAGES)
    assert set(listed) <= url_names(get_resolver().url_patterns)

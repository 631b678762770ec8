"""The caseload: a consulent's clients, searched and filtered."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import access, extensions
from clients.forms import (
    SORTS,
    CaseloadFilterForm,
)
from clients.models import (
    Client,
)
from core.bsn import looks_like_bsn
from core.pagination import CappedPaginator

# The search term travels in the session, never in a URL: it may be a BSN (STYLE: no BSN in a
# URL, where it would end up in server logs, browser history and Referer headers).
SEARCH_TERM = "caseload_search"
SEARCHED = "gezocht"


def _remember_search(request, source):
    """Post/redirect/get: keep the term in the session, the other filters in the URL."""
    params = source.copy()
    params.pop("csrfmiddlewaretoken", None)
    params.pop("pagina", None)
    request.session[SEARCH_TERM] = params.pop("q", [""])[-1][:100]
    params[SEARCHED] = "1"
    return redirect(f"{reverse('clients:client_list')}?{params.urlencode()}")


@permission_required("clients.view_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def client_list(request):
    if request.method == "POST":
        return _remember_search(request, request.POST)
    if looks_like_bsn(request.GET.get("q", "")):  # an old link or a typed URL: out of the URL
        return _remember_search(request, request.GET)
    params = request.GET.copy()
    if SEARCHED in params:
        params["q"] = request.session.get(SEARCH_TERM, "")
    if "mine" not in params and "q" not in params:
        params["mine"] = "on"  # a consulent starts with their own caseload
    form = CaseloadFilterForm(params, user=request.user)
    today = timezone.localdate()
    clients = Client.objects.for_user(request.user).select_related("municipality", "consulent")
    sort = "naam"
    heads = []
    if form.is_valid():
        data = form.cleaned_data
        if data["mine"]:
            # Own clients, and those of a consulent the user stands in for (vervanging).
            clients = clients.caseload_of(request.user, today)
        if data["municipality"]:
            clients = clients.filter(municipality=data["municipality"])
        if data["target_group"]:
            clients = clients.in_target_group(data["target_group"])
        for extra in extensions.caseload_filters:
            if data.get(extra.name):
                clients = extra.apply(clients, data[extra.name], today)
        if data["q"]:
            # The scope's municipalities as values too (besides for_user's subquery): PostgreSQL
            # then knows how many clients they hold and does not AND a bitmap of a whole
            # municipality into the search's (at 1M clients the capped count 110 -> 30 ms).
            scope = list(request.user.scoped_municipalities().values_list("pk", flat=True))
            clients = clients.filter(municipality__in=scope)
            if not data["sort"]:
                # The best matches (exact last name) come first: read from a B-tree in name
                # order when they fill the page, instead of ranking every match (search.md).
                heads = clients.best_first(data["q"])
            clients = clients.search(data["q"])
            sort = ""  # best matches first (search_rank), unless a column is chosen
        sort = data["sort"] or sort
    elif "q" in form.errors:  # a date of birth that does not exist
        for error in form.errors["q"]:
            messages.error(request, error)
        clients = clients.none()
    listed = clients
    for column in extensions.caseload_columns:
        listed = column.annotate(listed, today)
        heads = [column.annotate(head, today) for head in heads]
    page = CappedPaginator(
        listed.order_by(*SORTS[sort]) if sort else listed,
        settings.OPSTAP_CASELOAD_PAGE_SIZE,
        count_queryset=clients.order_by(),
        heads=heads,
        by_pk=not sort,
    ).get_page(request.GET.get("pagina"))
    access.log_page(user=request.user, page=page, detail=_("Caseload"))
    query = params.copy()
    query.pop("pagina", None)
    query.pop("sort", None)
    if SEARCHED in query:
        query.pop("q", None)
    return render(
        request,
        "clients/client_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "today": today,
            "extra_filters": [form[extra.name] for extra in extensions.caseload_filters],
            "extra_columns": extensions.caseload_columns,
        },
    )

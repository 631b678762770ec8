from celery import current_app as celery_app
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisations.models import Municipality
from organisations.roles import CONSULENT
from organisations.start import start_page_for


@login_not_required
@require_GET
@never_cache
def health(request):
    """Database and broker status as JSON, for load balancers and monitoring. No data."""
    status = {"database": _database_status(), "broker": _broker_status()}
    healthy = status["database"] == "ok" and status["broker"] in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        return "error"


def _broker_status() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "error"


def home(request):
    """Start page by role (organisations.start): the teamleider's team, the manager's key
    figures; a consulent starts the day with Vandaag (what is due for their clients); others
    see their municipalities."""
    page = start_page_for(request.user)
    if page is not None:
        return page.view(request)
    if request.user.has_role(CONSULENT):
        return redirect("deadlines:today")
    municipalities = Municipality.objects.for_user(request.user)
    return render(request, "organisations/home.html", {"municipalities": municipalities})

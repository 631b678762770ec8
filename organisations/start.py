"""Start pages by role: the home page (organisations.views.home) shows the first start page
whose role the user has, in `order`. The apps that know what a role needs register theirs in
AppConfig.ready(), so organisations imports none of them: deadlines the teamleider's (their
team, signals and vier-ogen), reporting the manager's (key figures per municipality). A
consulent without one of these roles starts on Vandaag. See docs/start-pages.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from organisations.roles import MANAGER

# A teamleider: a manager who reassigns clients and may open their files (handover, vier-ogen);
# functioneel beheer has every permission but is no teamleider.
TEAMLEIDER_PERMISSIONS = ("clients.reassign_consulent", "clients.view_client")


def is_teamleider(user) -> bool:
    return user.has_role(MANAGER) and user.has_perms(TEAMLEIDER_PERMISSIONS)


@dataclass(frozen=True)
class StartPage:
    """`applies(user)`: whether this is the user's start page; `view(request)` renders it."""

    name: str
    applies: Callable[[object], bool]
    view: Callable[[HttpRequest], HttpResponse]
    order: int = 100


start_pages: list[StartPage] = []


def start_page_for(user) -> StartPage | None:
    return next(
        (page for page in sorted(start_pages, key=lambda p: p.order) if page.applies(user)), None
    )

"""The shape every domain action on one object takes: the view has scoped the object (a 404
outside the user's scope) and built the form; validate, call one service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from core.redirects import safe_next

# perform() returns the success message and the URL to go to.
Perform = Callable[[], tuple[str, str]]


def form_errors_to_messages(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form, on the field it names where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit_and_redirect(
    request: HttpRequest, form: BaseForm, perform: Perform
) -> HttpResponseRedirect:
    """Run `perform`, show its message and go where it says."""
    message, url = perform()
    messages.success(request, message)
    return redirect(url)


def object_action(
    request: HttpRequest,
    form: BaseForm,
    perform: Callable[[dict], str],
    *,
    client: Any,
    title: str,
    done: str,
    template: str,
    log_shown: Callable[..., None],
    obj: Any = None,
    context: dict | None = None,
    submit: Callable[[HttpRequest, BaseForm, Perform], HttpResponse] = submit_and_redirect,
) -> HttpResponse:
    """A small form on an already scoped object of `client`'s file.

    `perform(cleaned_data)` calls the one service and returns the success message; a
    ValidationError it raises lands on the form. `submit` runs it: plainly, or once per form
    token (clients.once.submit_once, for forms that create something). Every response that
    renders the form calls `log_shown(request, client, title, obj=obj)`: the form shows whose
    file it is. The template gets `form`, `client`, `title` and `context`. A safe `?next=`
    (core.redirects) goes back where the user came from, e.g. Vandaag, instead of `done`."""
    done = safe_next(request) or done
    if request.method == "POST" and form.is_valid():
        try:
            return submit(request, form, lambda: (perform(form.cleaned_data), done))
        except ValidationError as error:
            form_errors_to_messages(form, error)
    log_shown(request, client, title, obj=obj)
    return render(
        request, template, {"form": form, "client": client, "title": title, **(context or {})}
    )

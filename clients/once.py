"""One submit, one record: a form that creates something carries a one-time token (a hidden
field). The first post with it does the work and remembers where it sent the user; a second post
with the same token (a double click, a reload, Back and submit again) does nothing and is sent
to the same place. The token is claimed in the same transaction as the work, under a unique
constraint on (user, token): a second post at the same moment waits for the first to commit
and then finds the token taken; a first post that was refused frees it again.

A post without a token (an old open tab, a script) is handled as before, without this guard."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import FormSubmission

TOKEN_FIELD = "eenmalig"  # noqa: S105 - a form field name, not a secret
KEEP = timedelta(days=7)  # a token is remembered this long, then forgotten


def with_token(form: forms.BaseForm) -> forms.BaseForm:
    """Add the hidden one-time token to a form (also to its crispy layout, if it has one)."""
    form.fields[TOKEN_FIELD] = forms.UUIDField(
        required=False, widget=forms.HiddenInput, initial=uuid.uuid4
    )
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is not None:
        layout.append(TOKEN_FIELD)
    return form


def submit_once(
    request: HttpRequest, form: forms.BaseForm, perform: Callable[[], tuple[str, str]]
) -> HttpResponseRedirect:
    """Run `perform` (which returns the success message and the URL to go to, or raises
    ValidationError) once for the form's token, and redirect to that URL. For a token already
    used: a message that the form was sent before, and a redirect to where it went then."""
    token = form.cleaned_data.pop(TOKEN_FIELD, None)  # the guard's, not the service's
    if token is None:
        message, url = perform()
    else:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claimed = FormSubmission.objects.create(user=request.user, token=token)
            except IntegrityError:
                earlier = FormSubmission.objects.filter(user=request.user, token=token).first()
                messages.info(
                    request, _("Dit formulier was al verstuurd; het is één keer opgeslagen.")
                )
                return redirect(earlier.url if earlier and earlier.url else "home")
            message, url = perform()
            claimed.url = url
            claimed.save(update_fields=["url"])
        FormSubmission.objects.filter(user=request.user, at__lt=timezone.now() - KEEP).delete()
    messages.success(request, message)
    return redirect(url)

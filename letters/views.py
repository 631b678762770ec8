"""A consulent makes a letter from a template on the client file: choose, check, store."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients.views.actions import client_action
from clients.views.file import log_form_shown, scoped_client
from letters import services
from letters.forms import ChooseTemplateForm, LetterForm


@permission_required("letters.add_letter", raise_exception=True)
@require_http_methods(["GET", "POST"])
def letter_create(request, pk: int):
    client = scoped_client(request, pk)
    templates = services.templates_for(request.user)
    title = _("Brief maken")
    choose = ChooseTemplateForm(request.GET or None, templates=templates)
    form = None
    if request.method == "POST":
        form = LetterForm(request.POST)
    elif choose.is_valid():
        rendered = services.render_letter(
            template=choose.cleaned_data["sjabloon"],
            client=client,
            by=request.user,
            extra=choose.extra(),
        )
        form = LetterForm(
            initial={
                "template": rendered.template.pk,
                "subject": rendered.subject,
                "body": rendered.body,
            }
        )
    if form is None:
        log_form_shown(request, client, title)
        return render(
            request,
            "letters/letter_create.html",
            {"choose": choose, "client": client, "title": title},
        )

    def perform(data):
        template = templates.filter(pk=data["template"]).first()
        if template is None:
            raise ValidationError(_("Kies een sjabloon dat in gebruik is."))
        services.create_letter(
            client=client,
            template=template,
            subject=data["subject"],
            body=data["body"],
            by=request.user,
        )
        return _("De brief is gemaakt en staat bij de documenten.")

    if request.method == "POST" and not templates.filter(pk=request.POST.get("template")).exists():
        raise Http404
    return client_action(
        request,
        client,
        form,
        perform,
        title=title,
        template="letters/letter_create.html",
        context={"choose": choose},
    )

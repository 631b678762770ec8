"""Contact details and contact persons on the client file."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients.access import log_access
from clients.models import AccessAction
from clients.views.actions import client_action
from clients.views.file import log_form_shown, scoped_client
from contacts import services
from contacts.forms import ContactDetailsForm, ContactPersonForm, EndPersonForm
from contacts.models import ContactDetails, ContactPerson
from core.contact import display_phone
from core.views import object_action

FIELDS = [
    "address_kind", "street", "house_number", "addition", "postcode", "city", "phone",
    "mobile", "email", "preferred_channel", "interpreter_needed", "interpreter_language",
]  # fmt: skip


def _data(request):
    return request.POST if request.method == "POST" else None


def _done(client) -> str:
    return reverse("clients:client_detail", kwargs={"pk": client.pk})


@permission_required("contacts.add_contactdetails", raise_exception=True)
@require_http_methods(["GET", "POST"])
def details_create(request, pk: int):
    client = scoped_client(request, pk)
    current = services.current_contact_details(client)
    initial = {"valid_from": timezone.localdate()}
    if current is not None:  # a change starts from what is in force
        initial |= model_to_dict(current, fields=FIELDS)
        initial["phone"] = display_phone(current.phone)
        initial["mobile"] = display_phone(current.mobile)
    form = ContactDetailsForm(_data(request), initial=initial)

    def perform(data):
        fields = {name: data[name] for name in FIELDS}
        services.record_contact_details(
            client=client, valid_from=data["valid_from"], data=fields, by=request.user
        )
        return _("De contactgegevens zijn vastgelegd.")

    return client_action(
        request,
        client,
        form,
        perform,
        title=_("Contactgegevens vastleggen"),
        template="contacts/contact_form.html",
    )


@permission_required("contacts.view_contactdetails", raise_exception=True)
def details_history(request, pk: int):
    client = scoped_client(request, pk)
    rows = list(ContactDetails.objects.filter(client=client).select_related("recorded_by"))
    log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Eerdere contactgegevens bekeken"),
    )
    return render(request, "contacts/details_history.html", {"client": client, "rows": rows})


@permission_required("contacts.add_contactperson", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_create(request, pk: int):
    client = scoped_client(request, pk)
    form = ContactPersonForm(_data(request), initial={"start": timezone.localdate()})

    def perform(data):
        services.add_contact_person(client=client, data=dict(data), by=request.user)
        return _("De contactpersoon is vastgelegd.")

    return client_action(
        request,
        client,
        form,
        perform,
        title=_("Contactpersoon toevoegen"),
        template="contacts/contact_form.html",
    )


@permission_required("contacts.change_contactperson", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_end(request, pk: int):
    if not request.user.has_perm("contacts.view_contactperson"):
        raise Http404
    person = get_object_or_404(
        ContactPerson.objects.for_user(request.user).select_related("client"), pk=pk
    )
    form = EndPersonForm(_data(request), initial={"end": timezone.localdate()})

    def perform(data):
        services.end_contact_person(person=person, on=data["end"], by=request.user)
        return _("De contactpersoon is beëindigd.")

    return object_action(
        request,
        form,
        perform,
        client=person.client,
        title=_("Contactpersoon beëindigen"),
        done=_done(person.client),
        template="contacts/contact_form.html",
        log_shown=log_form_shown,
        obj=person,
        context={"object": person},
    )

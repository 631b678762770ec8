from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from clients import access, services
from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    BenefitRule,
    Client,
    ContactNote,
    EndReason,
    Ontheffing,
    ProcessingActivity,
)
from core.bsn import looks_like_bsn
from organisations.admin_scope import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedModelAdmin,
    SharedCodeTableAdmin,
)


class LogsClientAccess:
    """For admins of client data: every page that shows a client writes the access log, as the
    case screens do. The changelist writes one row per client on the page; the change (or
    view), delete and history pages one row for the client of the object.

    `client_path` leads from the model to its client ("" for Client itself)."""

    client_path = "client"
    list_action = AccessAction.SEARCH
    activity = ProcessingActivity.CASEWORK

    def client_of(self, obj) -> Client:
        for part in filter(None, self.client_path.split("__")):
            obj = getattr(obj, part)
        return obj

    def client_id_of(self, obj) -> int:
        if not self.client_path:
            return obj.pk
        *through, last = self.client_path.split("__")
        for part in through:
            obj = getattr(obj, part)
        return getattr(obj, f"{last}_id")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None and response.status_code == 200:
            access.log_listed(
                user=request.user,
                client_ids=[self.client_id_of(obj) for obj in changelist.result_list],
                action=self.list_action,
                detail=_("Beheer: lijst %(name)s") % {"name": self.opts.verbose_name_plural},
                activity=self.activity,
            )
        return response

    def _log_object_page(self, request, response, key: str, detail) -> None:
        obj = (getattr(response, "context_data", None) or {}).get(key)
        if obj is not None and response.status_code == 200:
            access.log_access(
                user=request.user,
                client=self.client_of(obj),
                action=AccessAction.VIEW,
                detail=detail % {"name": self.opts.verbose_name},
                obj=obj,
                activity=self.activity,
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        self._log_object_page(request, response, "original", _("Beheer: %(name)s bekeken"))
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        self._log_object_page(request, response, "object", _("Beheer: %(name)s verwijderen"))
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_object_page(request, response, "object", _("Beheer: geschiedenis %(name)s"))
        return response


class BenefitPeriodInline(ReadOnlyInline):
    """Benefits start and end on the client file (the services check overlaps and log)."""

    model = BenefitPeriod
    municipality_path = "client__municipality"
    fields = ["start", "end", "end_reason", "municipality"]


class ClientAdminForm(forms.ModelForm):
    user = None  # set per request by ClientAdmin.get_form
    # The version this form was opened on (optimistic locking, as on the client form).
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Client
        fields = [*services.EDITABLE_FIELDS, "consulent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        client = self.instance
        saved_version = Client.objects.filter(pk=client.pk).values_list("version", flat=True)
        if cleaned.get("expected_version") != saved_version.first():
            raise ValidationError(
                _(
                    "Deze cliënt is gewijzigd nadat u het formulier opende. Uw wijzigingen zijn "
                    "niet opgeslagen. Open de cliënt opnieuw en sla dan op."
                )
            )
        municipality, consulent = cleaned.get("municipality"), cleaned.get("consulent")
        if municipality and municipality.organisation_id != client.organisation_id:
            self.add_error(
                "municipality",
                _("Een cliënt kan alleen naar een gemeente van de eigen organisatie."),
            )
        if cleaned.get("bsn"):
            self._check_bsn_free(cleaned["bsn"])
        if consulent is None and client.consulent_id is not None:
            self.add_error(
                "consulent", _("Kies een consulent; een cliënt loskoppelen kan niet in het beheer.")
            )
        elif (
            consulent
            and municipality
            and consulent.pk != client.consulent_id
            and not consulent.scoped_municipalities().filter(pk=municipality.pk).exists()
        ):
            self.add_error(
                "consulent", _("Deze consulent werkt niet voor de gemeente van de cliënt.")
            )
        return cleaned

    def _check_bsn_free(self, bsn: str) -> None:
        """The same answers as the client form: a client the user may see is named, any other
        gets the neutral refusal and a refused row in that client's access log."""
        candidate = Client(pk=self.instance.pk, organisation_id=self.instance.organisation_id)
        candidate.bsn = bsn
        try:
            services._check_bsn_free(candidate, by=self.user)
        except services.BsnRefused as error:
            services.log_bsn_refused(
                user=self.user, existing=error.existing, attempt=AccessAction.UPDATE
            )
            self.add_error("bsn", services.BSN_REFUSED)
        except ValidationError as error:
            self.add_error(None, error)


BSN_SEARCH_REFUSED = _(
    "Zoeken op BSN kan niet in het beheer: een BSN hoort niet in een webadres. Zoek hier op "
    "cliëntnummer of achternaam, of zoek op BSN in de cliëntenlijst van Opstap."
)


class SearchedChangeList(ChangeList):
    """Best matches first while searching, unless a column is chosen to sort by."""

    def get_ordering(self, request, queryset):
        if "search_rank" in queryset.query.annotations and ORDER_VAR not in self.params:
            return ["search_rank", "last_name_lower", "first_names", "pk"]
        return super().get_ordering(request, queryset)


@admin.register(Client)
class ClientAdmin(LogsClientAccess, ScopedModelAdmin):
    """Clients are registered on the case screens; a change here goes through the same service
    (version, conflict check, access log) as the client form there."""

    municipality_path = "municipality"
    client_path = ""
    form = ClientAdminForm
    list_display = ["pk", "last_name", "first_names", "masked_bsn", "municipality", "consulent"]
    list_filter = ["municipality", "household", "statushouder", "startkwalificatie"]
    # Searched by get_search_results, as the caseload (Client.objects.search), but no BSN (the
    # admin's search is a GET, so the term would be in the URL and the server's logs).
    search_fields = ["last_name_lower"]
    search_help_text = _(
        "Zoek op (een deel van) de naam, geboortedatum (dd-mm-jjjj) of cliëntnummer."
    )
    raw_id_fields = ["consulent"]
    readonly_fields = ["organisation", "version", "updated_at", "updated_by"]
    inlines = [BenefitPeriodInline]
    list_select_related = ["municipality", "consulent"]
    show_full_result_count = False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_add_permission(self, request):
        return False  # register_client on the case screens: a first benefit, the access log

    def has_delete_permission(self, request, obj=None):
        return False  # the retention rules remove clients, with their log

    def changelist_view(self, request, extra_context=None):
        if looks_like_bsn(request.GET.get("q", "")):
            self.message_user(request, BSN_SEARCH_REFUSED, messages.WARNING)
            query = request.GET.copy()
            query.pop("q")
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        try:
            return queryset.search(search_term, bsn=False), False
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return queryset.none(), False

    def get_changelist(self, request, **kwargs):
        return SearchedChangeList

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Someone saving the client between this form's check and its save (a race the form's
        own version check cannot see) rolls the admin's transaction back; say so, not a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (services.ConflictError, ValidationError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(
                request,
                _("Niet opgeslagen: %(reason)s Open de cliënt opnieuw en sla dan op.")
                % {"reason": reason},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        fresh = Client.objects.select_related("municipality").get(pk=obj.pk)
        consulent = form.cleaned_data.get("consulent")
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        saved = services.update_client(
            client=fresh, data=data, version=form.cleaned_data["expected_version"], by=request.user
        )
        if consulent is not None and consulent.pk != fresh.consulent_id:
            services.reassign_consulent(client=saved, consulent=consulent, by=request.user)
        obj.version = saved.version


@admin.register(EndReason)
class EndReasonAdmin(SharedCodeTableAdmin):
    list_display = ["code", "description", "group", "active"]
    list_filter = ["group", "active"]
    search_fields = ["code", "description"]


@admin.register(BenefitRule)
class BenefitRuleAdmin(SharedCodeTableAdmin):
    """The law's dated rules for a benefit (the minimum age): a change of law is a new row."""

    list_display = ["valid_from", "minimum_age"]


@admin.register(Ontheffing)
class OntheffingAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: ontheffingen are granted and ended on the client file, where the rules of
    art. 9 and 9a are checked and the access log is written."""

    municipality_path = "client__municipality"
    list_display = ["client", "reason", "start", "end"]
    list_filter = ["reason"]
    raw_id_fields = ["client"]
    list_select_related = ["client"]


@admin.register(ContactNote)
class ContactNoteAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: a contact note is written on the client file, by the person logged in."""

    municipality_path = "client__municipality"
    list_display = ["client", "date", "kind", "author"]
    list_filter = ["kind"]
    raw_id_fields = ["client", "author"]
    list_select_related = ["client", "author"]


@admin.register(AccessLog)
class AccessLogAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read-only: the access log is evidence. Reading it is logged too."""

    municipality_path = "client__municipality"
    list_action = AccessAction.LOG_VIEW
    activity = ProcessingActivity.ACCOUNTABILITY
    list_display = ["at", "user", "client", "action", "detail", "result", "processing_activity"]
    list_filter = ["action", "result", "processing_activity"]
    search_fields = ["=request_id"]
    raw_id_fields = ["client", "user"]
    list_select_related = ["client", "user"]

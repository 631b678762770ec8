from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare
from budgets.services import check_shares, copy_budget_year
from organisations.admin_scope import ScopedModelAdmin, ScopedTabularInline


class ShareFormSet(BaseInlineFormSet):
    """A fixed key's shares are checked together: one per municipality, adding up to 100%."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        key = self.instance
        if key.organisation_id is None:  # the key's own form says what is missing
            return
        if key.method != DistributionKey.Method.FIXED:
            if any(self._kept()):
                raise ValidationError(
                    _("Een sleutel naar caseload heeft geen vaste aandelen; laat ze leeg.")
                )
            return
        check_shares(organisation=key.organisation, shares=self._kept())

    def _kept(self):
        return [
            (form.cleaned_data.get("municipality"), form.cleaned_data.get("percentage"))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class ShareInline(ScopedTabularInline):
    model = DistributionShare
    organisation_path = "key__organisation"
    formset = ShareFormSet
    extra = 3


@admin.register(DistributionKey)
class DistributionKeyAdmin(ScopedModelAdmin):
    organisation_path = "organisation"
    list_display = ["name", "organisation", "method", "reference_date"]
    list_filter = ["organisation", "method"]
    inlines = [ShareInline]


class LineInline(ScopedTabularInline):
    model = BudgetLine
    organisation_path = "budget_year__organisation"
    extra = 1
    fields = ["name", "kind", "pot", "purpose", "amount", "sort_order"]


@admin.register(BudgetYear)
class BudgetYearAdmin(ScopedModelAdmin):
    organisation_path = "organisation"
    list_display = ["year", "organisation", "key", "total"]
    list_filter = ["organisation"]
    inlines = [LineInline]
    actions = ["copy_structural", "copy_all"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_amount=Sum("lines__amount"))

    @admin.display(description=_("totaal (euro)"), ordering="total_amount")
    def total(self, obj):
        return obj.total_amount

    def _copy(self, request, queryset, *, include_incidental: bool):
        copied = 0
        for budget_year in queryset.order_by("year"):
            try:
                copy_budget_year(budget_year=budget_year, include_incidental=include_incidental)
                copied += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if copied:
            self.message_user(
                request,
                ngettext(
                    "%(n)d begrotingsjaar gekopieerd naar het volgende jaar.",
                    "%(n)d begrotingsjaren gekopieerd naar het volgende jaar.",
                    copied,
                )
                % {"n": copied},
                messages.SUCCESS,
            )

    @admin.action(description=_("Kopiëren naar volgend jaar (alleen structurele regels)"))
    def copy_structural(self, request, queryset):
        self._copy(request, queryset, include_incidental=False)

    @admin.action(description=_("Kopiëren naar volgend jaar (alle regels)"))
    def copy_all(self, request, queryset):
        self._copy(request, queryset, include_incidental=True)

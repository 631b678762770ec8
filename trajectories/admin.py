from django.contrib import admin

from clients.admin import LogsClientAccess
from organisations.admin_scope import ReadOnlyAdmin, ScopedStackedInline, SharedCodeTableAdmin
from trajectories.models import PremiumPayment, Provider, Trajectory, TrajectoryRule, TrajectoryType


class TrajectoryRuleInline(ScopedStackedInline):
    model = TrajectoryRule
    shared_code_table = True
    extra = 0
    filter_horizontal = ["allowed_categories"]


@admin.register(TrajectoryType)
class TrajectoryTypeAdmin(SharedCodeTableAdmin):
    """Shared by every organisation (its name is in their reports and exports)."""

    list_display = ["name", "code", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    inlines = [TrajectoryRuleInline]


@admin.register(Provider)
class ProviderAdmin(SharedCodeTableAdmin):
    """Shared by every organisation: providers have no organisation of their own."""

    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(Trajectory)
class TrajectoryAdmin(LogsClientAccess, ReadOnlyAdmin):
    municipality_path = "client__municipality"
    list_display = ["client", "type", "provider", "status", "actual_start", "actual_end", "outcome"]
    list_filter = ["status", "type", "provider", "outcome"]
    raw_id_fields = ["client", "consulent"]
    list_select_related = ["client", "type", "provider"]


@admin.register(PremiumPayment)
class PremiumPaymentAdmin(LogsClientAccess, ReadOnlyAdmin):
    municipality_path = "trajectory__client__municipality"
    client_path = "trajectory__client"
    list_display = ["trajectory", "due_date", "amount", "status", "paid_on"]
    list_filter = ["status"]
    list_select_related = ["trajectory__type"]

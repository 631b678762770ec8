from django.contrib import admin

from organisations.admin import ReadOnlyAdmin
from trajectories.models import PremiumPayment, Provider, Trajectory, TrajectoryRule, TrajectoryType


class TrajectoryRuleInline(admin.StackedInline):
    model = TrajectoryRule
    extra = 0
    filter_horizontal = ["allowed_categories"]


@admin.register(TrajectoryType)
class TrajectoryTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    inlines = [TrajectoryRuleInline]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(Trajectory)
class TrajectoryAdmin(ReadOnlyAdmin):
    list_display = ["client", "type", "provider", "status", "actual_start", "actual_end", "outcome"]
    list_filter = ["status", "type", "provider", "outcome"]
    raw_id_fields = ["client", "consulent"]
    list_select_related = ["client", "type", "provider"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(PremiumPayment)
class PremiumPaymentAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "due_date", "amount", "status", "paid_on"]
    list_filter = ["status"]
    list_select_related = ["trajectory__type"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

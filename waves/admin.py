from django.contrib import admin

from mhhs_portal.admin import ReadMostlyAdmin

from .models import (
    Activity,
    Allocation,
    Cohort,
    PreQualificationSubmission,
    TimelineRule,
    TimelineVersion,
    WaitListEntry,
)


class RuleInline(admin.TabularInline):
    model = TimelineRule
    extra = 0
    can_delete = False
    fields = [
        "activity",
        "seq",
        "kind",
        "opens",
        "due",
        "n",
        "unit",
        "event_kind",
        "cap",
        "text",
        "note",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cohort)
class CohortAdmin(ReadMostlyAdmin):
    list_display = ["label", "key", "route", "capacity"]


@admin.register(TimelineVersion)
class TimelineVersionAdmin(ReadMostlyAdmin):
    list_display = ["cohort", "number", "source", "effective_from"]
    inlines = [RuleInline]


@admin.register(Activity)
class ActivityAdmin(ReadMostlyAdmin):
    list_display = ["order", "key", "label"]


@admin.register(Allocation)
class AllocationAdmin(ReadMostlyAdmin):
    list_display = ["qualification", "cohort", "status", "updated_at"]
    list_filter = ["cohort", "status"]
    list_select_related = ["qualification", "cohort"]


@admin.register(PreQualificationSubmission)
class PqsAdmin(ReadMostlyAdmin):
    list_display = ["__str__", "organisation", "status", "preferred_cohort", "submitted_at"]
    list_filter = ["status", "preferred_cohort"]
    list_select_related = ["organisation", "preferred_cohort"]


@admin.register(WaitListEntry)
class WaitListEntryAdmin(ReadMostlyAdmin):
    list_display = ["qualification", "cohort", "status", "reason", "created_at"]
    list_filter = ["cohort", "status"]
    list_select_related = ["qualification", "cohort"]


from .deliverables import admin as _deliverables_admin  # noqa: E402, F401

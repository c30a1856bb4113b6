from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from mhhs_portal.admin import ReadMostlyAdmin

from .models import (
    Event,
    MarketRole,
    Membership,
    Mpid,
    Organisation,
    Qualification,
    StaffAssignment,
    User,
)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    # People are administered here (activation, staff flags, password resets).
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["user", "role", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadMostlyAdmin):
    list_display = ["name", "participant_type", "is_new_entrant", "created_at"]
    list_filter = ["participant_type", "is_new_entrant"]
    search_fields = ["name", "mpids__code"]
    inlines = [MembershipInline]


@admin.register(Qualification)
class QualificationAdmin(ReadMostlyAdmin):
    list_display = ["organisation", "market_role", "status", "updated_at"]
    list_filter = ["status", "market_role"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "market_role"]


@admin.register(Mpid)
class MpidAdmin(ReadMostlyAdmin):
    list_display = ["code", "organisation", "market_role"]
    list_filter = ["market_role"]
    search_fields = ["code", "organisation__name"]
    list_select_related = ["organisation", "market_role"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(SimpleHistoryAdmin):
    # Staff duties are granted by the programme's administrators here.
    list_display = ["user", "duty", "body"]
    list_filter = ["duty", "body"]
    search_fields = ["user__email"]


@admin.register(MarketRole)
class MarketRoleAdmin(ReadMostlyAdmin):
    list_display = [
        "code",
        "name",
        "approved_by_bsc",
        "approved_by_rec",
        "approved_by_dip",
        "qualify_by",
    ]


@admin.register(Event)
class EventAdmin(ReadMostlyAdmin):
    list_display = ["occurred_at", "kind", "organisation", "qualification", "actor"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "kind"]
    list_select_related = ["organisation", "qualification__market_role", "actor"]
    date_hierarchy = "occurred_at"

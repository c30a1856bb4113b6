from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OutboxMessage, ScheduledRun


class NoWritesMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadMostlyAdmin(NoWritesMixin, SimpleHistoryAdmin):
    """Admin as an operations tool: look, search, read history; change through the portal.

    State changes must go through services (they check rights and record
    events), so domain rows are not added, edited or deleted here.
    """


class _ReadOnly(NoWritesMixin, admin.ModelAdmin):
    """Rows the portal's machinery writes; the admin only shows them."""


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_ReadOnly):
    """Background work: what waits for the broker, and why (last_error)."""

    list_display = ["id", "task", "created_at", "dispatched_at", "dispatch_count", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task", "last_error"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(_ReadOnly):
    list_display = ["name", "slot", "started_at", "finished_at"]
    list_filter = ["name"]

from simple_history.admin import SimpleHistoryAdmin


class ReadMostlyAdmin(SimpleHistoryAdmin):
    """Admin as an operations tool: look, search, read history; change through the portal.

    State changes must go through services (they check rights and record
    events), so domain rows are not added, edited or deleted here.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

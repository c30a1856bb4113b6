from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mhhs_portal.admin import ReadMostlyAdmin

from .models import CheckpointReview, CohortTestManager, Deliverable


@admin.register(Deliverable)
class DeliverableAdmin(ReadMostlyAdmin):
    list_display = ["qualification", "kind", "cohort", "status", "final_reviewer", "updated_at"]
    list_filter = ["cohort", "kind", "status"]
    list_select_related = ["qualification", "cohort"]


@admin.register(CheckpointReview)
class CheckpointReviewAdmin(ReadMostlyAdmin):
    list_display = ["qualification", "number", "outcome", "created_at"]
    list_filter = ["number", "outcome"]
    list_select_related = ["qualification"]


@admin.register(CohortTestManager)
class CohortTestManagerAdmin(SimpleHistoryAdmin):
    # Like staff duties, the programme's administrators assign test managers to cohorts here.
    list_display = ["user", "cohort"]
    list_filter = ["cohort"]
    search_fields = ["user__email"]

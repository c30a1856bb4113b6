from django.urls import path

from . import apis

urlpatterns = [
    path("approvals/", apis.ApprovalListApi.as_view(), name="approval-list"),
    path("approvals/<int:pk>/decisions/", apis.ApprovalDecideApi.as_view(), name="approval-decide"),
    path("qualifications/<int:pk>/criteria/", apis.CriteriaApi.as_view(), name="criteria"),
    path(
        "qualifications/<int:pk>/findings/", apis.FindingCreateApi.as_view(), name="finding-create"
    ),
    path("findings/<int:pk>/actions/", apis.FindingActionApi.as_view(), name="finding-action"),
    path(
        "work-off-plans/<int:pk>/actions/",
        apis.WorkOffPlanActionApi.as_view(),
        name="work-off-plan-action",
    ),
    path(
        "qualifications/<int:pk>/reliance/",
        apis.RelianceProposeApi.as_view(),
        name="reliance-propose",
    ),
    path(
        "qualifications/<int:pk>/exemptions/",
        apis.ExemptionRequestApi.as_view(),
        name="exemption-request",
    ),
]

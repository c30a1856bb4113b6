from django.urls import path

from . import apis, apis_casework

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
    path("findings/", apis_casework.FindingListApi.as_view(), name="finding-list"),
    path("defects/", apis_casework.DefectListApi.as_view(), name="defect-list"),
    path(
        "qualifications/<int:pk>/defects/",
        apis_casework.DefectCreateApi.as_view(),
        name="defect-create",
    ),
    path(
        "defects/<int:pk>/actions/", apis_casework.DefectActionApi.as_view(), name="defect-action"
    ),
    path(
        "reliance/<int:pk>/reviews/",
        apis_casework.RelianceReviewApi.as_view(),
        name="reliance-review",
    ),
    path(
        "exemptions/<int:pk>/assertion/",
        apis_casework.ExemptionAssertApi.as_view(),
        name="exemption-assert",
    ),
    path(
        "exemptions/<int:pk>/decisions/",
        apis_casework.ExemptionDecideApi.as_view(),
        name="exemption-decide",
    ),
    path(
        "qualifications/<int:pk>/mpids/",
        apis_casework.MpidPlansApi.as_view(),
        name="mpid-plans",
    ),
    path(
        "qualifications/<int:pk>/management-assertion/",
        apis_casework.ManagementAssertionApi.as_view(),
        name="management-assertion",
    ),
    path(
        "qualifications/<int:pk>/market-exits/",
        apis_casework.MarketExitApi.as_view(),
        name="market-exit",
    ),
    path("decisions/<int:pk>/appeals/", apis_casework.AppealApi.as_view(), name="appeal-record"),
]

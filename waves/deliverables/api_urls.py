from django.urls import path

from . import apis

urlpatterns = [
    path("deliverables/", apis.DeliverableListApi.as_view(), name="deliverable-list"),
    path(
        "deliverables/status-table/",
        apis.DeliverableStatusTableApi.as_view(),
        name="deliverable-status-table",
    ),
    path("deliverables/<int:pk>/", apis.DeliverableDetailApi.as_view(), name="deliverable-detail"),
    path(
        "deliverables/<int:pk>/file/",
        apis.DeliverableUploadApi.as_view(),
        name="deliverable-upload",
    ),
    path(
        "deliverables/<int:pk>/actions/",
        apis.DeliverableActionApi.as_view(),
        name="deliverable-action",
    ),
    path(
        "qualifications/<int:pk>/deliverables/<slug:kind>/file/",
        apis.DeliverableUploadByKindApi.as_view(),
        name="deliverable-upload-by-kind",
    ),
    path(
        "qualifications/<int:pk>/checkpoints/",
        apis.CheckpointReviewApi.as_view(),
        name="checkpoint-review",
    ),
    path("qualifications/<int:pk>/qt-entry/", apis.QtEntryApi.as_view(), name="qt-entry"),
]

from django.urls import path

from . import apis

urlpatterns = [
    path("qads/", apis.QadListApi.as_view(), name="qad-list"),
    path("qads/<int:pk>/", apis.QadDetailApi.as_view(), name="qad-detail"),
    path("qads/<int:pk>/sections/", apis.SectionListApi.as_view(), name="qad-section-list"),
    path("qads/<int:pk>/sign-off/", apis.SignOffApi.as_view(), name="qad-sign-off"),
    path("qad-sections/<int:pk>/", apis.SectionDetailApi.as_view(), name="qad-section-detail"),
    path(
        "qad-sections/<int:pk>/comments/",
        apis.CommentListApi.as_view(),
        name="qad-section-comments",
    ),
    path("qad-sections/<int:pk>/answers/", apis.AnswerSaveApi.as_view(), name="qad-answer-save"),
    path(
        "qad-sections/<int:pk>/evidence/",
        apis.EvidenceUploadApi.as_view(),
        name="qad-evidence-upload",
    ),
    path("qad-sections/<int:pk>/submit/", apis.SectionSubmitApi.as_view(), name="qad-submit"),
    path("qad-sections/<int:pk>/review/", apis.SectionReviewApi.as_view(), name="qad-review"),
]

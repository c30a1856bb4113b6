from django.urls import path

from .views import files, participant, reviewer

app_name = "qad"

urlpatterns = [
    path("", participant.qad_list, name="list"),
    path("<int:pk>/", participant.overview, name="overview"),
    path("<int:pk>/sign-off/", participant.sign_off, name="sign_off"),
    path("<int:pk>/snapshot.json", files.snapshot_download, name="snapshot"),
    path("sections/<int:pk>/", participant.section, name="section"),
    path(
        "sections/<int:pk>/evidence/<int:question_pk>/",
        participant.evidence_upload,
        name="evidence_upload",
    ),
    path("sections/<int:pk>/submit/", participant.section_submit, name="section_submit"),
    path("sections/<int:pk>/comments/", participant.comment_add, name="comment_add"),
    path("sections/<int:pk>/reopen/", participant.reopen_request, name="reopen_request"),
    path("sections/<int:pk>/review/", reviewer.section_review, name="section_review"),
    path("sections/<int:pk>/reopen/decide/", reviewer.reopen_decide, name="reopen_decide"),
    path("sections/<int:pk>/history/", files.section_history, name="section_history"),
    path("comments/<int:pk>/resolve/", reviewer.comment_resolve, name="comment_resolve"),
    path("evidence/<int:pk>/", files.evidence_download, name="evidence_download"),
    path("queue/", reviewer.queue, name="queue"),
    path("notifications/", files.notifications, name="notifications"),
]

from django.urls import path

from . import views

app_name = "deliverables"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("queue/", views.queue, name="queue"),
    path("status/", views.status, name="status"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("files/<int:pk>/", views.revision_download, name="download"),
    path("qt-entry/<int:pk>/", views.qt_entry, name="qt_entry"),
    path("qt-entry/<int:pk>/checkpoint/", views.checkpoint, name="checkpoint"),
    path("qt-entry/<int:pk>/confirm/", views.qt_entry_confirm, name="qt_entry_confirm"),
]

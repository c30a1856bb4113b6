from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("approvals/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/findings/", views.finding_raise, name="finding_raise"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("findings/<int:pk>/<slug:action>/", views.finding_act, name="finding_act"),
    path("pab/", views.meetings, name="meetings"),
    path("pab/<int:pk>/", views.meeting, name="meeting"),
    path("pab/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("pab/<int:pk>/agenda.csv", views.agenda_csv, name="agenda_csv"),
    path("pab/<int:pk>/pack/", views.pack_generate, name="pack_generate"),
    path("pab/<int:pk>/preview/", views.pack_preview, name="pack_preview"),
    path("packs/<int:pk>/", views.pack_download, name="pack_download"),
    path("register.csv", views.register_csv, name="register_csv"),
]

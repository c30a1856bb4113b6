from django.urls import path

from . import views
from .views import casework

app_name = "governance"

urlpatterns = [
    path("approvals/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/findings/", views.finding_raise, name="finding_raise"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("findings/<int:pk>/<slug:action>/", views.finding_act, name="finding_act"),
    path("decisions/<int:pk>/appeals/", casework.appeal_record, name="appeal_record"),
    path("applications/<int:pk>/defects/", casework.defect_record, name="defect_record"),
    path("defects/<int:pk>/<slug:action>/", casework.defect_act, name="defect_act"),
    path(
        "work-off-plans/<int:pk>/<slug:action>/",
        casework.work_off_plan_act,
        name="work_off_plan_act",
    ),
    path("applications/<int:pk>/reliance/", casework.reliance_propose, name="reliance_propose"),
    path("reliance/<int:pk>/<slug:action>/", casework.reliance_act, name="reliance_act"),
    path("applications/<int:pk>/exemptions/", casework.exemption_request, name="exemption_request"),
    path("exemptions/<int:pk>/<slug:action>/", casework.exemption_act, name="exemption_act"),
    path("applications/<int:pk>/mpids/", casework.mpid_plan_set, name="mpid_plan_set"),
    path(
        "applications/<int:pk>/management-assertion/",
        casework.management_assertion_give,
        name="management_assertion_give",
    ),
    path("applications/<int:pk>/market-exit/", casework.market_exit_record, name="market_exit"),
    path("pab/", views.meetings, name="meetings"),
    path("pab/<int:pk>/", views.meeting, name="meeting"),
    path("pab/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("pab/<int:pk>/agenda.csv", views.agenda_csv, name="agenda_csv"),
    path("pab/<int:pk>/pack/", views.pack_generate, name="pack_generate"),
    path("pab/<int:pk>/preview/", views.pack_preview, name="pack_preview"),
    path("packs/<int:pk>/", views.pack_download, name="pack_download"),
    path("register.csv", views.register_csv, name="register_csv"),
]

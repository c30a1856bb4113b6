from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("account/two-factor/required/", views.mfa_required, name="mfa_required"),
    path("organisations/<int:pk>/audit.csv", views.audit_export, name="audit_export"),
]

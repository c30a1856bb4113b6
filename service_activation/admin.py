from django.contrib import admin

from mhhs_portal.admin import ReadMostlyAdmin

from .models import ActivationTicket, DipOnboarding, ServiceActivation


@admin.register(ServiceActivation)
class ServiceActivationAdmin(ReadMostlyAdmin):
    list_display = ["id", "qualification", "status", "efd", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["qualification"]


@admin.register(ActivationTicket)
class ActivationTicketAdmin(ReadMostlyAdmin):
    list_display = ["reference", "step", "status", "blocking", "created_at"]
    list_filter = ["status", "blocking"]
    search_fields = ["reference"]


@admin.register(DipOnboarding)
class DipOnboardingAdmin(ReadMostlyAdmin):
    list_display = ["id", "organisation", "test_certificates_issued_on", "completed_on"]
    list_select_related = ["organisation"]

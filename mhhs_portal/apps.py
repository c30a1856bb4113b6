from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mhhs_portal"
    verbose_name = "MHHS Qualification Portal"

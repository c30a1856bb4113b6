from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mhhs_portal"
    verbose_name = "MHHS Qualification Portal"

    def ready(self):
        from .api import receivers  # noqa: F401  (connects webhook deliveries to the ledger)
        from .security import receivers as security_receivers  # noqa: F401  (sign-in audit, MFA gate)

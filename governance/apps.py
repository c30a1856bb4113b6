from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance: approvals, findings and PAB"

    def ready(self):
        from . import receivers  # noqa: F401  (approvals follow the QAD sign-off)

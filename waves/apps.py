from django.apps import AppConfig


class WavesConfig(AppConfig):
    name = "waves"
    verbose_name = "Cohorts and timelines"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .deliverables import receivers as _  # noqa: F401

from django.apps import AppConfig


class ServiceActivationConfig(AppConfig):
    name = "service_activation"
    verbose_name = "Service activation"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the `qualified` receiver)

from django.apps import AppConfig


class ServiceActivationConfig(AppConfig):
    name = "service_activation"
    verbose_name = "Service activation"

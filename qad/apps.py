from django.apps import AppConfig


class QadConfig(AppConfig):
    name = "qad"
    verbose_name = "Qualification Assessment Documents"

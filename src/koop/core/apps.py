from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koop.core"
    label = "core"
    verbose_name = "Koop core"

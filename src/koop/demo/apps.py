from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "koop.demo"
    label = "demo"
    verbose_name = _("Demo data")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "demo_seed": _("Demo data created"),
    }

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "koop.core"
    label = "core"
    verbose_name = "Koop core"
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "admin_add": _("Added in the admin"),
        "admin_change": _("Changed in the admin"),
        "admin_delete": _("Deleted in the admin"),
    }

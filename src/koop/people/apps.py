from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "koop.people"
    label = "people"
    verbose_name = _("People")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "employment_create": _("Employment added"),
        "employment_end": _("Employment ended"),
        "membership_end": _("Membership ended"),
        "membership_start": _("Membership started"),
        "person_create": _("Person added"),
        "person_record_self_report": _("Self-reported details recorded"),
        "person_update": _("Person changed"),
        "role_assign": _("Role given"),
        "role_revoke": _("Role taken away"),
    }

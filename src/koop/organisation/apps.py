from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "koop.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "business_area_create": _("Business area created"),
        "cooperative_create": _("Cooperative created"),
        "cooperative_update": _("Cooperative changed"),
        "municipality_create": _("Municipality added"),
        "unit_create": _("Unit created"),
        "unit_update": _("Unit changed"),
    }

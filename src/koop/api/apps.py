from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "koop.api"
    label = "api"
    verbose_name = _("API")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "api_token_create": _("API token created"),
        "api_token_revoke": _("API token revoked"),
    }

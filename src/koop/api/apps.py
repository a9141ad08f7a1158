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

    def ready(self) -> None:
        # The person's API tokens in their register extract (prefix and dates, never digests).
        from koop.api.extract import KEYS, token_sections
        from koop.participants.extract_kit import register_sections

        register_sections(token_sections, keys=KEYS, covers={("api.ApiToken", "user")})

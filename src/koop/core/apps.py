from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _session_starts_renewed(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    # Signing in saves the session with a fresh expiry; noting it here spares the next
    # request from renewing it again at once.
    from koop.core.middleware import session_renewed

    if getattr(request, "session", None) is not None:
        session_renewed(request.session)


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

    def ready(self) -> None:
        from koop.core import checks  # noqa: F401  # registers Koop's deploy checks

        user_logged_in.connect(_session_starts_renewed, dispatch_uid="koop-session-renewed")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "koop.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # The books report to the meetings' agendas; the seam lives in governance.
        from koop.governance.economy import register_provider
        from koop.portal.economy import economic_reports_from_the_books

        register_provider(economic_reports_from_the_books)

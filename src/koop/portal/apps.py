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
        # Meetings, votes and board seats in the register extract; the seam is participants'.
        from koop.participants.extract_kit import register_sections
        from koop.portal import extract

        register_sections(extract.governance_sections, keys=extract.KEYS, covers=extract.COVERS)

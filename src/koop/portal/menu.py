"""The main menu: only the pages the principal may open, each decided by the rule of the
page it points to (a link that would answer 404 is never shown).

A participant sees their own page, the meetings they may attend and their details, and
nothing else. Everyone else sees the work of their units, the books where they may read
them, the participants they follow, democracy (bodies, meetings, decisions), the
organisation and people, and the group in figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from koop.core.access import Principal
from koop.ledger.access import can_read_ledger
from koop.organisation.access import can_browse_organisation
from koop.work.access import can_see_customers


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool = False


def _sees_agreements(principal: Principal) -> bool:
    """The agreements pages: the central roles, the board and the staff of a unit."""
    return principal.is_central or principal.is_board or bool(principal.staff_unit_ids)


def _works_in_units(principal: Principal) -> bool:
    return principal.is_central or bool(principal.staff_unit_ids)


def _follows_participants(principal: Principal) -> bool:
    return principal.is_central or bool(principal.led_unit_ids)


def _is_current(url: str, path: str) -> bool:
    if url == "/":
        # The home, and the lists its counts link to.
        return path == "/" or path.startswith("/home/")
    return path.startswith(url)


def menu_links(principal: Principal, *, path: str, is_staff: bool) -> list[MenuLink]:
    """The menu for ``principal`` on the page at ``path``, decided from the principal alone
    (no query: the 500 page draws it without the database)."""
    if not principal.is_authenticated:
        return []
    links: list[tuple[str, str]] = []
    if principal.is_participant_only:
        # The home sends a participant on to their own page when they have one, and shows
        # what there is when they have none yet: a link that always opens.
        home = reverse("portal:dashboard")
        own = reverse("participants:me")
        links.append((_("My page"), home))
        links.append((_("Meetings"), reverse("governance:meeting-list")))
        details = (
            reverse("people:person-detail", args=[principal.person_id])
            if principal.person_id is not None
            else reverse("people:person-list")
        )
        links.append((_("My details"), details))
        return [
            MenuLink(label, url, path.startswith(own) if url == home else _is_current(url, path))
            for label, url in links
        ]
    links.append((_("Home"), reverse("portal:dashboard")))
    if _works_in_units(principal):
        links.append((_("Work orders"), reverse("work:work-order-list")))
    if can_see_customers(principal):
        links.append((_("Customers"), reverse("work:customer-list")))
    if _sees_agreements(principal):
        links.append((_("Agreements"), reverse("work:agreement-list")))
    if can_read_ledger(principal):
        links.append((_("Economy"), reverse("ledger:home")))
    if _follows_participants(principal):
        links.append((_("Participants"), reverse("participants:list")))
    links.append((_("Democracy"), reverse("governance:body-list")))
    if can_browse_organisation(principal):
        links.append((_("Units"), reverse("portal:unit-list")))
        links.append((_("Organisation"), reverse("organisation:cooperative")))
    links.append((_("People"), reverse("people:person-list")))
    links.append((_("In figures"), reverse("portal:figures")))
    if principal.is_admin:
        links.append((_("Audit trail"), reverse("core:audit-list")))
    if is_staff:
        links.append((_("Admin"), reverse("admin:index")))
    return [MenuLink(label, url, _is_current(url, path)) for label, url in links]

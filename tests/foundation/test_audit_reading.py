"""The audit trail reads in words: no action code, model label or field name on screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.test import Client

from koop.core.audit import action_label, field_label, object_type_label
from koop.organisation.services import unit_update
from tests.personas import World

SRC = Path(__file__).resolve().parents[2] / "src" / "koop"
ACTION = re.compile(r"""action=f?["']([a-z_{}.]+)["']""")
CONSENTS = ("body", "cooperative", "participant")


def _recorded_actions() -> set[tuple[str, str]]:
    """(app, action) for every action a service of an app records."""
    found: set[tuple[str, str]] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or "management" in path.parts:
            continue
        app = path.relative_to(SRC).parts[0]
        for action in ACTION.findall(path.read_text(encoding="utf-8")):
            if "{kind.value}" in action:
                found |= {(app, action.replace("{kind.value}", kind)) for kind in CONSENTS}
            else:
                found.add((app, action))
    found.add(("core", "admin_add"))  # chosen in an expression, not a literal
    return found


def test_every_recorded_action_has_a_label_in_its_app() -> None:
    missing = sorted(
        f"{app}: {action}"
        for app, action in _recorded_actions()
        if action not in getattr(django_apps.get_app_config(app), "audit_actions", {})
    )
    assert not missing, f"actions without a label in their app's audit_actions: {missing}"


def test_one_code_in_two_apps_reads_as_each_app_calls_it() -> None:
    work = action_label("agreement_create", "work.agreement")
    placement = action_label("agreement_create", "participants.agreement")
    assert work == "Customer agreement created"
    assert placement == "Three-party agreement created"
    assert action_label("no_such_action", "work.agreement") == "Change"


def test_kinds_and_fields_read_by_their_names() -> None:
    assert object_type_label("organisation.unit") == "Unit"
    assert field_label("organisation.unit", "municipality_id") == "Municipality"
    assert object_type_label("no.such") == "Object"


def test_the_trail_page_shows_labels_not_codes(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    unit_update(unit=world.unit_a, acting_user=world.user("admin"), name="Möbellagret Norr")
    client: Client = client_for("admin")
    listing = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Enhet ändrad" in listing
    assert "unit_update" not in listing
    assert "organisation.unit #" not in listing
    detail = client.get(
        f"/audit/organisation.unit/{world.unit_a.pk}/", HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Möbellagret Norr" in detail
    assert ">name<" not in detail
    assert "unit_update" not in detail


@pytest.mark.parametrize("code", ["unit_update", "organisation.unit"])
def test_the_filter_offers_kinds_by_name(world: World, client_for, code: str) -> None:  # type: ignore[no-untyped-def]
    unit_update(unit=world.unit_a, acting_user=world.user("admin"), name="Möbellagret Norr")
    page = client_for("admin").get("/audit/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    shown = re.sub(r'value="[^"]*"|href="[^"]*"', "", page)
    assert code not in shown

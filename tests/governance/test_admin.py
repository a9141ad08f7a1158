"""The statutes' settings can be corrected in the Django admin, and every correction is
kept in the audit trail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from koop.core.models import AuditEntry
from koop.governance.models import QualifiedMajority
from koop.governance.services import governance_setup
from tests.personas import World
from tests.signin import log_in


def test_a_qualified_majority_set_in_the_admin_is_audited(world: World) -> None:
    statutes = governance_setup(cooperative=world.cooperative, acting_user=None)
    superuser = get_user_model().objects.create_superuser("root", password="x")
    client = log_in(Client(), superuser)
    majority = statutes.qualified_majorities.first()
    assert majority is not None
    response = client.post(
        f"/admin/governance/qualifiedmajority/{majority.pk}/change/",
        {
            "statutes": statutes.pk,
            "matter_kind": majority.matter_kind,
            "numerator": 3,
            "denominator": 4,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    majority.refresh_from_db()
    assert (majority.numerator, majority.denominator) == (3, 4)
    entry = AuditEntry.objects.get(
        object_type="governance.qualifiedmajority", object_id=str(majority.pk)
    )
    assert entry.action == "admin_change"
    assert entry.actor_id == superuser.pk
    assert entry.after["numerator"] == 3
    assert entry.before["numerator"] != 3


def test_a_qualified_majority_must_be_a_share(world: World) -> None:
    statutes = governance_setup(cooperative=world.cooperative, acting_user=None)
    superuser = get_user_model().objects.create_superuser("root", password="x")
    client = log_in(Client(), superuser)
    majority = statutes.qualified_majorities.first()
    assert majority is not None
    before = (majority.numerator, majority.denominator)
    response = client.post(
        f"/admin/governance/qualifiedmajority/{majority.pk}/change/",
        {
            "statutes": statutes.pk,
            "matter_kind": majority.matter_kind,
            "numerator": 5,
            "denominator": 4,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    majority.refresh_from_db()
    assert (majority.numerator, majority.denominator) == before
    assert not QualifiedMajority.objects.filter(numerator=5).exists()

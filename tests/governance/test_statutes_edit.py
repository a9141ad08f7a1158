"""Editing the statutes and the rules of each body: the administrator and the board, with
errors beside the field to correct and an audit row for every change."""

from __future__ import annotations

from koop.core.models import AuditEntry
from koop.governance.models import BodyRule, Statutes
from tests.governance.helpers import Gov

RULE = {
    "notice_min_days": "28",
    "notice_max_days": "42",
    "extra_notice_min_days": "14",
    "matter_deadline_days": "28",
    "quorum_percent": "10",
    "proxies_allowed": "on",
    "max_proxies_per_holder": "2",
    "default_decision_rule": "simple",
}


def _assembly_rule() -> BodyRule:
    return BodyRule.objects.get(body_kind="general_assembly")


def test_the_board_changes_the_statutes_and_an_audit_row_says_what_changed(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("board").post(
        "/governance/statutes/edit/",
        {"motion_deadline_days": "42", "unit_voters": "staff", "tie_rule": "lot"},
    )
    assert response.status_code == 302
    statutes = Statutes.objects.get()
    assert (statutes.motion_deadline_days, statutes.unit_voters, statutes.tie_rule) == (
        42,
        "staff",
        "lot",
    )
    entry = AuditEntry.objects.get(action="statutes_update")
    assert entry.before["tie_rule"] == "chair"
    assert entry.after["tie_rule"] == "lot"


def test_a_body_rule_is_edited_and_audited(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    rule = _assembly_rule()
    response = client_for("admin").post(f"/governance/statutes/rules/{rule.pk}/", RULE)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.quorum_percent, rule.max_proxies_per_holder) == (10, 2)
    assert AuditEntry.objects.filter(action="body_rule_update", object_id=str(rule.pk)).exists()


def test_bad_rules_are_refused_naming_the_field_and_nothing_is_saved(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    rule = _assembly_rule()
    client = client_for("admin")
    url = f"/governance/statutes/rules/{rule.pk}/"
    for field, value in (
        ("quorum_percent", "120"),
        ("notice_max_days", "14"),
        ("max_proxies_per_holder", "0"),
    ):
        response = client.post(url, {**RULE, field: value})
        assert response.status_code == 422, field
        assert field in response.context["form"].errors, field
    unknown = client.post("/governance/statutes/edit/", {"motion_deadline_days": "-1"})
    assert unknown.status_code == 422
    assert "motion_deadline_days" in unknown.context["form"].errors
    assert _assembly_rule().quorum_percent == rule.quorum_percent
    assert not AuditEntry.objects.filter(
        action__in=["body_rule_update", "statutes_update"]
    ).exists()


def test_only_the_administrator_and_the_board_edit_the_statutes(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    for persona in ("vd", "leader", "cooperator"):
        assert client_for(persona).get("/governance/statutes/edit/").status_code == 404
    page = client_for("board").get("/governance/statutes/").content.decode()
    assert "/governance/statutes/edit/" in page
    assert (
        "/governance/statutes/edit/"
        not in client_for("leader").get("/governance/statutes/").content.decode()
    )

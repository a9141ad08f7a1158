"""The register extract names everything that names the person: every model field that
references a person or a login is either reported by a section of the extract or listed
below, with the reason it is left out."""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings

from koop.api.services import token_create
from koop.governance.models import VoteMethod
from koop.governance.services import vote_cast, vote_close, vote_open
from koop.participants.extract import OWN_COVERS, register_extract
from koop.participants.extract_kit import COVERED
from koop.participants.factories import ReferralFactory
from koop.participants.services import case_file_read
from koop.people.models import Person
from tests.governance.helpers import build_gov, open_meeting
from tests.personas import World

# Who recorded a record about someone else, or a record of the cooperative's business:
# that is what the login did, and what it did is in its own extract as the audit rows by
# it ("audit_by_you"), not the records themselves (they are about others).
RECORDED_BY = "recorded by the login: reported as the audit rows by it, not the record"

EXCLUDED: dict[tuple[str, str], str] = {
    # Secrets for signing in: the extract never shows a secret or its digest.
    ("otp_totp.TOTPDevice", "user"): "the second factor's secret key",
    ("accounts.RecoveryCodeSet", "user"): "digests of one-time recovery codes",
    ("governance.CalendarToken", "person"): "the secret address of the person's calendar",
    # Django's admin log: Koop writes its own audit row for every change it makes.
    ("admin.LogEntry", "user"): "Django's admin log; the audit rows by the login are reported",
    # How a named voter voted in an open roll call is the meeting's public record (in the
    # minutes); that they voted is in the extract through their voter receipt.
    ("governance.RollCallEntry", "person"): "open roll call: in the minutes; receipts reported",
    # Marks that the person was anonymised; it holds nothing more than that moment.
    ("participants.Anonymisation", "person"): "marker of an anonymisation already made",
    ("people.Person", "self_report_consent_by"): RECORDED_BY,
    ("ledger.Voucher", "created_by"): RECORDED_BY,
    ("ledger.FundMovement", "created_by"): RECORDED_BY,
    ("ledger.SieImport", "imported_by"): RECORDED_BY,
    ("ledger.ImportJob", "created_by"): RECORDED_BY,
    ("governance.CalendarToken", "created_by"): RECORDED_BY,
    ("participants.Referral", "created_by"): RECORDED_BY,
    ("participants.Agreement", "body_consent_by"): RECORDED_BY,
    ("participants.Agreement", "cooperative_consent_by"): RECORDED_BY,
    ("participants.Agreement", "participant_consent_by"): RECORDED_BY,
    ("participants.AgreementChange", "recorded_by"): RECORDED_BY,
    ("participants.CaseFile", "updated_by"): RECORDED_BY,
    ("participants.CaseReader", "granted_by"): RECORDED_BY,
    ("participants.CompensationClaim", "created_by"): RECORDED_BY,
    ("participants.ClaimStatusChange", "changed_by"): RECORDED_BY,
    ("participants.Placement", "supervisor"): "the supervisor of someone else's placement",
    ("participants.Attendance", "recorded_by"): RECORDED_BY,
    ("participants.Attendance", "confirmed_by"): RECORDED_BY,
    ("participants.AttendanceCorrection", "corrected_by"): RECORDED_BY,
    ("participants.FollowUpMeeting", "recorded_by"): RECORDED_BY,
    ("participants.Exit", "recorded_by"): RECORDED_BY,
    ("work.AgreementStatusChange", "by"): RECORDED_BY,
    ("work.WorkOrderStatusChange", "by"): RECORDED_BY,
    ("work.TimeRow", "created_by"): RECORDED_BY,
    ("work.MaterialRow", "created_by"): RECORDED_BY,
    ("billing.Invoice", "issued_by"): RECORDED_BY,
    ("billing.InvoiceDraft", "created_by"): RECORDED_BY,
    ("billing.Payment", "registered_by"): RECORDED_BY,
}


def _references() -> set[tuple[str, str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model in (Person, user_model)
    }


def test_every_reference_to_a_person_is_in_the_extract_or_excluded_with_a_reason() -> None:
    covered = OWN_COVERS | COVERED
    references = _references()
    assert not covered & set(EXCLUDED), "both reported and excluded"
    assert sorted(references - covered - set(EXCLUDED)) == []
    # Nothing stale: every declared pair is a reference that exists.
    assert sorted((covered | set(EXCLUDED)) - references) == []
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_extract_shows_meetings_votes_tokens_reads_referrals_and_acts(world: World) -> None:
    gov = build_gov(world)
    person = world.persons["admin"]
    others = [world.persons[p] for p in ("finance", "vd", "board")]
    meeting = open_meeting(gov.assembly, present=[person, *others])
    vote = vote_open(
        meeting=meeting, question="Ny stadga?", method=VoteMethod.SECRET, acting_user=None
    )
    yes = vote.options.get(role="yes").pk
    for voter in (person, *others):
        vote_cast(vote=vote, person=voter, option_ids=[yes], acting_user=world.users["admin"])
    vote_close(vote=vote, acting_user=None)
    token, raw = token_create(user=world.users["admin"], name="Skript", acting_user=None)
    case_file_read(person=world.persons["participant"], acting_user=world.users["admin"])
    ReferralFactory(person=person, decision_reference="AF-2026-77")

    data = register_extract(person=person, acting_user=None)
    text = json.dumps(data, ensure_ascii=False)

    assert meeting.title in {m["meeting"].split(": ", 1)[1] for m in data["meetings"]}
    assert "Present" in data["meetings"][0]["roles"]
    assert [v["question"] for v in data["votes"]] == ["Ny stadga?"]
    assert "yes" not in json.dumps(data["votes"]).lower()  # that they voted, never how
    assert [t["prefix"] for t in data["api_tokens"]] == [token.prefix]
    assert token.digest not in text
    assert raw not in text
    assert [r["whose"] for r in data["case_files_opened"]] == [
        world.persons["participant"].full_name
    ]
    assert [r["decision_reference"] for r in data["referrals"]] == ["AF-2026-77"]
    assert len(data["audit_by_you"]) >= 4  # the votes cast for the meeting, the file read
    assert data["claim_lines"] == []
    for key in ("meetings", "votes", "api_tokens", "case_files_opened", "audit_by_you"):
        assert key in data["keys"]

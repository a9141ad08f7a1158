"""The database refuses, with raw SQL that steps around every service, what the books and
records must never do; and lets through what they legitimately do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from koop.billing.models import Invoice, InvoiceNumberCounter
from koop.core.audit import audit_record
from koop.core.dbrules import rules_lifted
from koop.core.models import AuditEntry
from koop.governance.models import (
    Ballot,
    CountedBallot,
    OptionRole,
    Outcome,
    VoteMethod,
    VoterReceipt,
)
from koop.governance.services import vote_break_tie, vote_cast, vote_close, vote_open
from koop.ledger.models import Account, FiscalYear, Voucher, VoucherRow, VoucherSeries
from koop.participants.models import CaseFileAccessLog
from tests.governance.helpers import build_gov, open_meeting
from tests.integrity.conftest import post
from tests.personas import World

D = Decimal


def refused(sql: str, params: list[object] | None = None) -> str:
    """Run ``sql``; it must be refused with an IntegrityError. Returns the message."""
    with (
        pytest.raises(IntegrityError) as caught,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params or [])
    return str(caught.value)


def allowed(sql: str, params: list[object] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _draft(year: FiscalYear, series: VoucherSeries, number: int) -> Voucher:
    return Voucher.objects.create(
        fiscal_year=year, series=series, number=number, date=dt.date(2024, 3, 2), text="utkast"
    )


# --- posted vouchers --------------------------------------------------------------------


def test_a_voucher_without_two_rows_is_not_posted(vouchers: list[Voucher]) -> None:
    draft = _draft(vouchers[0].fiscal_year, vouchers[0].series, 50)
    message = refused("UPDATE ledger_voucher SET posted = %s WHERE id = %s", [True, draft.pk])
    assert "ledger_voucher_posts_two_rows" in message


def test_a_voucher_with_a_row_of_zero_is_not_posted(vouchers: list[Voucher]) -> None:
    draft = _draft(vouchers[0].fiscal_year, vouchers[0].series, 50)
    for position, (account, amount) in enumerate(
        [(6110, D("40.00")), (1930, D("-40.00")), (1910, D("0.00"))], start=1
    ):
        VoucherRow.objects.create(
            voucher=draft, position=position, account_id=account, amount=amount
        )
    message = refused("UPDATE ledger_voucher SET posted = %s WHERE id = %s", [True, draft.pk])
    assert "ledger_voucher_posts_no_zero_row" in message
    # Without the row of 0 the same voucher posts.
    VoucherRow.objects.filter(voucher=draft, amount=0).delete()
    allowed("UPDATE ledger_voucher SET posted = %s WHERE id = %s", [True, draft.pk])


def test_a_series_with_posted_vouchers_keeps_its_code_and_year(
    vouchers: list[Voucher], year_2024: FiscalYear
) -> None:
    series = vouchers[0].series
    other_year = FiscalYear.objects.create(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert "ledger_voucherseries_kept" in refused(
        "UPDATE ledger_voucherseries SET code = 'Z' WHERE id = %s", [series.pk]
    )
    assert "ledger_voucherseries_kept" in refused(
        "UPDATE ledger_voucherseries SET fiscal_year_id = %s WHERE id = %s",
        [other_year.pk, series.pk],
    )
    # Its name is a label, and a series nothing is posted in may still change.
    allowed("UPDATE ledger_voucherseries SET name = 'Övrigt' WHERE id = %s", [series.pk])
    empty = VoucherSeries.objects.create(fiscal_year=year_2024, code="B")
    allowed("UPDATE ledger_voucherseries SET code = 'C' WHERE id = %s", [empty.pk])


def test_a_voucher_series_counter_only_moves_forward(vouchers: list[Voucher]) -> None:
    series = vouchers[0].series
    assert "ledger_voucherseries_counts_forward" in refused(
        "UPDATE ledger_voucherseries SET next_number = 2 WHERE id = %s", [series.pk]
    )
    allowed("UPDATE ledger_voucherseries SET next_number = 9 WHERE id = %s", [series.pk])


def test_an_account_used_by_posted_vouchers_keeps_its_kind(vouchers: list[Voucher]) -> None:
    assert "ledger_account_kind_kept" in refused(
        "UPDATE ledger_account SET kind = 'T' WHERE number = 6110"
    )
    # Its name may change, and so may the kind of an account nothing posted uses.
    allowed("UPDATE ledger_account SET name = 'Kontorsmaterial' WHERE number = 6110")
    unused = Account.objects.exclude(rows__isnull=False).filter(kind="K").first()
    assert unused is not None
    allowed("UPDATE ledger_account SET kind = 'I' WHERE number = %s", [unused.number])


def test_a_fiscal_year_with_posted_vouchers_keeps_its_dates(
    vouchers: list[Voucher], year_2024: FiscalYear
) -> None:
    assert "ledger_fiscalyear_dates_kept" in refused(
        'UPDATE ledger_fiscalyear SET "end" = %s WHERE id = %s',
        [dt.date(2024, 12, 30), year_2024.pk],
    )
    assert "ledger_fiscalyear_dates_kept" in refused(
        "UPDATE ledger_fiscalyear SET start = %s WHERE id = %s",
        [dt.date(2023, 12, 1), year_2024.pk],
    )
    later = FiscalYear.objects.create(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    allowed(
        'UPDATE ledger_fiscalyear SET "end" = %s WHERE id = %s', [dt.date(2026, 6, 30), later.pk]
    )


# --- the invoice number counter ---------------------------------------------------------


def test_the_invoice_number_counter_only_moves_forward(
    invoices: list[Invoice], world: World
) -> None:
    counter = InvoiceNumberCounter.objects.get(cooperative=world.cooperative)
    assert counter.next_number == 4
    assert "billing_counter_counts_forward" in refused(
        "UPDATE billing_invoicenumbercounter SET next_number = 2 WHERE id = %s", [counter.pk]
    )
    assert "billing_counter_kept" in refused(
        "DELETE FROM billing_invoicenumbercounter WHERE id = %s", [counter.pk]
    )
    # Were it removed anyway (as a superuser could), it cannot come back lower.
    with rules_lifted(connection, ["billing_invoicenumbercounter"]):
        InvoiceNumberCounter.objects.filter(pk=counter.pk).delete()
    assert "billing_counter_starts_after_issued" in refused(
        "INSERT INTO billing_invoicenumbercounter (cooperative_id, next_number) VALUES (%s, 3)",
        [world.cooperative.pk],
    )
    allowed(
        "INSERT INTO billing_invoicenumbercounter (cooperative_id, next_number) VALUES (%s, 4)",
        [world.cooperative.pk],
    )


# --- governance -------------------------------------------------------------------------


@pytest.fixture
def closed_vote(world: World):  # type: ignore[no-untyped-def]
    gov = build_gov(world)
    voters = [gov.person(p) for p in ("admin", "finance", "vd", "board", "cooperator")]
    meeting = open_meeting(gov.assembly, present=voters)
    vote = vote_open(
        meeting=meeting, question="Ny policy", method=VoteMethod.SECRET, acting_user=None
    )
    yes = vote.options.get(role=OptionRole.YES).pk
    for person in voters:
        vote_cast(vote=vote, person=person, option_ids=[yes], acting_user=None)
    return vote_close(vote=vote, acting_user=None)


def test_counted_ballots_and_voter_receipts_are_never_deleted(closed_vote) -> None:  # type: ignore[no-untyped-def]
    ballot = CountedBallot.objects.filter(vote=closed_vote).first()
    receipt = VoterReceipt.objects.filter(vote=closed_vote).first()
    assert ballot is not None
    assert receipt is not None
    assert "gov_counted_ballot_kept" in refused(
        "DELETE FROM governance_countedballot WHERE id = %s", [ballot.pk]
    )
    assert "gov_counted_ballot_kept" in refused(
        "UPDATE governance_countedballot SET option_id = NULL WHERE id = %s", [ballot.pk]
    )
    assert "gov_receipt_kept" in refused(
        "DELETE FROM governance_voterreceipt WHERE id = %s", [receipt.pk]
    )
    assert CountedBallot.objects.filter(vote=closed_vote).count() == 5
    assert not Ballot.objects.filter(vote=closed_vote).exists()


def test_the_ballots_move_to_the_counted_ones_once_and_only_at_the_close(world: World) -> None:
    gov = build_gov(world)
    voters = [gov.person(p) for p in ("admin", "finance", "vd")]
    vote = vote_open(
        meeting=open_meeting(gov.assembly, present=voters),
        question="Fråga",
        method=VoteMethod.SECRET,
        acting_user=None,
    )
    yes = vote.options.get(role=OptionRole.YES).pk
    no = vote.options.get(role=OptionRole.NO).pk
    for person in voters:
        vote_cast(vote=vote, person=person, option_ids=[yes], acting_user=None)
    insert = "INSERT INTO governance_countedballot (id, vote_id, option_id) VALUES (%s, %s, %s)"
    # While the vote is open a cast ballot stays, and nothing is counted beside it.
    assert "gov_ballot_moved" in refused(
        "DELETE FROM governance_ballot WHERE vote_id = %s", [vote.pk]
    )
    assert "gov_counted_ballot_once" in refused(insert, [11, vote.pk, yes])
    vote_close(vote=vote, acting_user=None)
    assert CountedBallot.objects.filter(vote=vote, option_id=yes).count() == 3
    # Written once: no fourth yes, no no that was never cast.
    assert "gov_counted_ballot_once" in refused(insert, [12, vote.pk, yes])
    assert "gov_counted_ballot_once" in refused(insert, [13, vote.pk, no])
    assert "gov_counted_ballot_once" in refused(insert, [14, vote.pk, None])


def test_a_closed_vote_and_its_result_never_change(closed_vote) -> None:  # type: ignore[no-untyped-def]
    vote = closed_vote
    option = vote.options.get(role=OptionRole.YES)
    assert (vote.outcome, option.count) == (Outcome.ADOPTED, 5)
    for sql in (
        "UPDATE governance_vote SET yes_count = 1 WHERE id = %s",
        "UPDATE governance_vote SET outcome = 'rejected' WHERE id = %s",
        "UPDATE governance_vote SET question = 'Annan fråga' WHERE id = %s",
        "UPDATE governance_vote SET closed_at = NULL WHERE id = %s",
    ):
        assert "gov_vote_result_kept" in refused(sql, [vote.pk])
    assert "gov_vote_closed_kept" in refused("DELETE FROM governance_vote WHERE id = %s", [vote.pk])
    assert "gov_option_closed_kept" in refused(
        "UPDATE governance_voteoption SET count = 0 WHERE id = %s", [option.pk]
    )
    assert "gov_option_closed_kept" in refused(
        "UPDATE governance_voteoption SET elected = %s WHERE id = %s", [True, option.pk]
    )
    assert "gov_option_closed_kept" in refused(
        "DELETE FROM governance_voteoption WHERE id = %s", [option.pk]
    )
    assert "gov_option_closed_insert" in refused(
        "INSERT INTO governance_voteoption (vote_id, position, role, label, elected) "
        "VALUES (%s, 9, 'yes', 'Ja igen', %s)",
        [vote.pk, False],
    )


def test_the_chair_still_breaks_a_tie_in_a_closed_vote(world: World) -> None:
    gov = build_gov(world)
    voters = [gov.person(p) for p in ("admin", "finance")]
    meeting = open_meeting(gov.assembly, present=voters)
    vote = vote_open(
        meeting=meeting, question="Oavgjort", method=VoteMethod.SECRET, acting_user=None
    )
    for person, role in zip(voters, (OptionRole.YES, OptionRole.NO), strict=True):
        vote_cast(
            vote=vote, person=person, option_ids=[vote.options.get(role=role).pk], acting_user=None
        )
    vote = vote_close(vote=vote, acting_user=None)
    assert vote.outcome == Outcome.TIE  # the statutes' default: the chair's casting vote
    broken = vote_break_tie(vote=vote, adopt=True, acting_user=None)
    assert (broken.outcome, broken.tie_broken_by) == (Outcome.ADOPTED, "chair")
    # Once broken, it stays as the chair decided.
    assert "gov_vote_result_kept" in refused(
        "UPDATE governance_vote SET outcome = 'rejected' WHERE id = %s", [vote.pk]
    )


# --- audit and case-file access ---------------------------------------------------------


def test_audit_rows_are_only_ever_added(world: World) -> None:
    with transaction.atomic():
        entry = audit_record(
            actor=world.user("admin"), action="test", obj=world.unit_a, before=None, after={}
        )
    assert "core_auditentry_append_only" in refused(
        "UPDATE core_auditentry SET action = 'something else' WHERE id = %s", [entry.pk]
    )
    assert "core_auditentry_append_only" in refused(
        "DELETE FROM core_auditentry WHERE id = %s", [entry.pk]
    )
    assert AuditEntry.objects.get(pk=entry.pk).action == "test"


def test_case_file_access_rows_are_only_ever_added(world: World) -> None:
    log = CaseFileAccessLog.objects.create(
        person=world.persons["participant"], user=world.user("leader"), action="read"
    )
    assert "participants_casefileaccesslog_kept" in refused(
        "DELETE FROM participants_casefileaccesslog WHERE id = %s", [log.pk]
    )
    refused("UPDATE participants_casefileaccesslog SET action = 'write' WHERE id = %s", [log.pk])
    assert CaseFileAccessLog.objects.filter(pk=log.pk, action="read").exists()


def test_a_login_that_left_audit_rows_is_not_deleted(world: World) -> None:
    from django.db.models import ProtectedError

    user = world.user("cooperator")
    with transaction.atomic():
        audit_record(actor=user, action="test", obj=world.unit_a, before=None, after={})
    with pytest.raises(ProtectedError):
        user.delete()
    assert AuditEntry.objects.filter(actor=user).exists()


def test_posting_in_the_services_still_works_beside_the_rules(year_2024: FiscalYear) -> None:
    voucher = post()
    assert voucher.posted
    assert voucher.rows.count() == 2

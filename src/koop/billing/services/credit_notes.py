"""Credit notes: whole or partial, never more than remains of a line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.calculation import line_net, totals_of
from koop.billing.chain import invoice_store
from koop.billing.models import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
)
from koop.billing.numbering import number_take
from koop.billing.payment_refs import ocr_reference
from koop.billing.services.common import Actor, _quantity, _user_or_none
from koop.billing.services.issuing import _settings_for
from koop.billing.services.ledger_posting import (
    _post_to_ledger,
    _vat_rows,
)
from koop.billing.snapshots import seller_snapshot
from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.money import ZERO


def credited_quantities(invoice: Invoice) -> dict[int, Decimal]:
    """Per line id of ``invoice``: how much of it credit notes have taken back so far."""
    rows = (
        InvoiceLine.objects.filter(credited_line__invoice=invoice)
        .values("credited_line_id")
        .annotate(total=Sum("quantity"))
    )
    return {r["credited_line_id"]: r["total"] for r in rows}


def credit_note_issue(
    *,
    invoice: Invoice,
    acting_user: Actor,
    quantities: Mapping[int, object] | None = None,
    reason: str = "",
    issue_date: dt.date | None = None,
) -> Invoice:
    """A credit note for ``invoice``: of everything not yet credited (``quantities`` None)
    or of the given quantity per invoice line id. Numbered in the same series."""
    issue_date = issue_date or timezone.localdate()
    with transaction.atomic():
        # Locking the original serialises credit notes of one invoice, so two cannot
        # both take back what is left.
        original = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if original.kind != InvoiceKind.INVOICE:
            raise KoopValidationError(
                _("A credit note cannot itself be credited."), field="invoice"
            )
        lines = list(original.lines.order_by("line_no"))
        taken = credited_quantities(original)
        wanted = _credit_quantities(lines, taken, quantities)
        settings = _settings_for(original.cooperative_id)
        new_lines: list[InvoiceLine] = []
        for line, quantity in wanted:
            remaining = line.quantity - taken.get(line.pk, ZERO)
            if quantity == remaining:
                # Taking back the rest takes back the rest of the amount too, so a line
                # credited in parts adds up to exactly what was invoiced.
                credited_net = (
                    InvoiceLine.objects.filter(credited_line=line).aggregate(s=Sum("net_amount"))[
                        "s"
                    ]
                    or ZERO
                )
                net = line.net_amount - credited_net
            else:
                net = line_net(quantity, line.unit_price)
            new_lines.append(
                InvoiceLine(
                    line_no=len(new_lines) + 1,
                    description=line.description,
                    quantity=quantity,
                    unit_code=line.unit_code,
                    unit_price=line.unit_price,
                    net_amount=max(net, ZERO),
                    vat_rate=line.vat_rate,
                    vat_category=line.vat_category,
                    business_area_id=line.business_area_id,
                    work_order_id=line.work_order_id,
                    credited_line=line,
                )
            )
        totals = totals_of(new_lines)
        number = number_take(cooperative_id=original.cooperative_id)
        note = _("Credit note for invoice %(number)s of %(date)s.") % {
            "number": original.number,
            "date": original.issue_date.isoformat(),
        }
        credit = Invoice(
            cooperative=original.cooperative,
            unit=original.unit,
            customer_id=original.customer_id,
            kind=InvoiceKind.CREDIT_NOTE,
            number=number,
            issue_date=issue_date,
            due_date=issue_date,
            period_start=original.period_start,
            period_end=original.period_end,
            ocr_reference=ocr_reference(str(number)),
            buyer_reference=original.buyer_reference,
            contract_reference=original.contract_reference,
            note="\n".join(part for part in (note, reason.strip()) if part),
            seller=seller_snapshot(original.cooperative, settings, original.unit),
            buyer=original.buyer,
            payment_terms_days=0,
            late_interest_text="",
            net_total=totals.net,
            vat_total=totals.vat,
            gross_total=totals.gross,
            rounding=totals.rounding,
            payable=totals.payable,
            line_count=len(new_lines),
            vat_count=len(totals.vat_lines),
            credited_invoice=original,
            issued_at=timezone.now(),
            issued_by=_user_or_none(acting_user),
        )
        invoice_store(credit, new_lines, _vat_rows(credit, totals.vat_lines, settings))
        _post_to_ledger(credit, new_lines, totals.vat_lines, acting_user)
        audit_record(
            actor=acting_user,
            action="credit_note_issue",
            obj=credit,
            before={"invoice": original.pk},
            after=snapshot(credit),
        )
    return credit


def _credit_quantities(
    lines: Sequence[InvoiceLine],
    taken: Mapping[int, Decimal],
    quantities: Mapping[int, object] | None,
) -> list[tuple[InvoiceLine, Decimal]]:
    by_id = {line.pk: line for line in lines}
    if quantities is None:
        wanted = [
            (line, line.quantity - taken.get(line.pk, ZERO))
            for line in lines
            if line.quantity - taken.get(line.pk, ZERO) > 0
        ]
        if not wanted:
            raise KoopValidationError(_("This invoice is already credited in full."), field="lines")
        return wanted
    problems: list[FieldProblem] = []
    chosen: list[tuple[InvoiceLine, Decimal]] = []
    for line_id, raw in quantities.items():
        line = by_id.get(int(line_id))
        field = f"lines.{line_id}"
        if line is None:
            problems.append(FieldProblem(field, _("This line is not on the invoice.")))
            continue
        if raw in (None, "", 0, "0"):
            continue
        try:
            quantity = _quantity(raw, field=field)
        except KoopValidationError as error:
            problems.extend(error.problems)
            continue
        remaining = line.quantity - taken.get(line.pk, ZERO)
        if quantity > remaining:
            problems.append(
                FieldProblem(
                    field,
                    _(
                        "Line %(line)s: at most %(left)s is left to credit "
                        "(invoiced %(invoiced)s, credited %(credited)s)."
                    )
                    % {
                        "line": line.line_no,
                        "left": remaining.normalize(),
                        "invoiced": line.quantity.normalize(),
                        "credited": taken.get(line.pk, ZERO).normalize(),
                    },
                )
            )
            continue
        chosen.append((line, quantity))
    if problems:
        raise KoopValidationError(problems)
    if not chosen:
        raise KoopValidationError(
            _("Choose at least one line and quantity to credit."), field="lines"
        )
    return sorted(chosen, key=lambda pair: pair[0].line_no)

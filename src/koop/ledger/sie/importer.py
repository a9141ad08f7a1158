"""``sie_import``: read an SIE 4 file (4E or 4I, and the balances of types 1-3) into the books.

All or nothing: the whole file is read inside one transaction; the first bad voucher
(unbalanced, unknown account, bad date) refuses the file with its line number and nothing
is kept. The same file twice doubles nothing: the file's SHA-256 is recorded, and every
voucher is keyed by its fiscal year, source series and number. It streams: lines are
parsed one at a time and vouchers inserted in batches (as drafts, then posted with one
UPDATE per batch, which the database checks), so memory stays bounded whatever the size.

Imported vouchers are numbered in Koop's gapless series of the same code (an empty series,
as 4I files have, becomes "A"); the source series and number are kept in ``reference``.
Rows marked #RTRANS (added afterwards) are taken, and the #TRANS twin the specification
puts after each of them for older readers is skipped; #BTRANS rows (removed afterwards)
are not part of the voucher. Rows of 0 book nothing and are left out (a posted voucher has
none); a voucher left without rows is not imported and is counted as empty. Each voucher is
sealed into its series' hash chain (``koop.ledger.chain``) before it is written. An
account that posted vouchers already use keeps its kind whatever the file's #KTYP says."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from koop.core.audit import audit_record
from koop.core.errors import KoopValidationError
from koop.core.money import ZERO
from koop.ledger.models import Account, Balance, SieImport
from koop.ledger.sie.booking import BATCH_ROWS, _Row, _Voucher
from koop.ledger.sie.checks import (
    BALANCE_DIGITS,
    SieRefused,
    checksum_value,
    dimension_number,
    object_code,
    objects_at,
    series_code,
    sie_type,
    to_amount,
    to_date,
    year_index,
)
from koop.ledger.sie.checks import text_at as _text
from koop.ledger.sie.lookups import Actor, Lookups
from koop.ledger.sie.parser import (
    SIE_LABELS,
    Checksum,
    FileFacts,
    SieLine,
    Unlabelled,
    detect_encoding,
    not_sie_because,
    read_lines,
    unlabelled_message,
)
from koop.ledger.sie.result import ImportResult

__all__ = ["ImportResult", "SieRefused", "sie_import"]

BALANCE_LABELS = {"IB", "UB", "RES", "OIB", "OUB", "PSALDO", "PBUDGET"}
ROW_LABELS = {"TRANS", "RTRANS", "BTRANS"}
UNNUMBERED_SERIES = {"#"}


def _digest(head: SieLine, lines: list[SieLine]) -> str:
    """A voucher's content (its #VER fields and its rows' fields), not where it stands."""
    content = repr([head.fields] + [[line.label, line.fields] for line in lines])
    return hashlib.sha256(content.encode("utf-8", errors="replace")).hexdigest()


class _Importer(Lookups):
    # --- the posts -------------------------------------------------------------------

    def header(self, line: SieLine) -> None:
        f, label, r, n = line.fields, line.label, self.result, line.number
        if label == "PROGRAM":
            r.program = " ".join(x for x in (_text(f, 0), _text(f, 1)) if x)
        elif label == "FNAMN":
            r.company = _text(f, 0)
        elif label == "ORGNR":
            r.org_number = _text(f, 0)
        elif label == "SIETYP":
            r.sie_type = sie_type(_text(f, 0), n)
        elif label == "RAR":
            index = year_index(_text(f, 0), n)
            if _text(f, 1) or _text(f, 2):  # BL writes "#RAR 0" with no dates in 4I files
                year = self.fiscal_year(to_date(_text(f, 1), n), to_date(_text(f, 2), n), n)
                self.years[index] = year
                r.fiscal_years.append(str(year))
        elif label == "KONTO":
            number_text = _text(f, 0)
            if not number_text.isdigit():
                # Declared but not a number: skipped (a row using it is refused).
                r.warnings.append(
                    _("Line %(line)s: the account %(value)r is not a number; it was skipped.")
                    % {"line": n, "value": number_text}
                )
                return
            number = self.account(number_text, n, name=_text(f, 1))
            self.file_accounts[number] = _text(f, 1)
        elif label == "KTYP":
            kind = _text(f, 1).upper()
            if kind in {"T", "S", "I", "K"}:
                number = self.account(_text(f, 0), n)
                # An account that posted vouchers use keeps its kind (the database
                # refuses the change); the file's kind is taken for the others.
                Account.objects.filter(number=number).exclude(kind=kind).exclude(
                    rows__voucher__posted=True
                ).update(kind=kind)
        elif label == "SRU":
            number = self.account(_text(f, 0), n)
            Account.objects.filter(number=number, sru="").update(sru=_text(f, 1)[:10])
        elif label == "DIM":
            self.dimension(dimension_number(_text(f, 0), n), _text(f, 1))
        elif label == "UNDERDIM":
            self.dimension(
                dimension_number(_text(f, 0), n),
                _text(f, 1),
                parent=dimension_number(_text(f, 2), n),
            )
        elif label == "OBJEKT":
            dim = dimension_number(_text(f, 0), n)
            self.object_id(dim, object_code(_text(f, 1), n), _text(f, 2))

    def balance(self, line: SieLine) -> None:
        f, label, n = line.fields, line.label, line.number
        year = self.years.get(year_index(_text(f, 0), n))
        if year is None:
            return  # a balance of a year the file does not describe with #RAR
        period, objects, offset = "", "", 1
        if label in {"PSALDO", "PBUDGET"}:
            period, offset = _text(f, 1)[:6], 2
        account = self.account(_text(f, offset), n)
        if label in {"OIB", "OUB", "PSALDO", "PBUDGET"}:
            if len(f) <= offset + 1 or not isinstance(f[offset + 1], list):
                raise SieRefused(n, _("the balance needs an object list { }."))
            objects = " ".join(objects_at(f, offset + 1))[:200]
            offset += 1
        amount = to_amount(_text(f, offset + 1), n, digits=BALANCE_DIGITS)
        qty_text = _text(f, offset + 2)
        quantity = to_amount(qty_text, n, digits=BALANCE_DIGITS) if qty_text else None
        key = (year.pk, label, account, period, objects)
        if key in self.balance_keys:
            raise SieRefused(
                n,
                _(
                    "#%(label)s of account %(account)s is given twice "
                    "(lines %(first)s and %(line)s)."
                )
                % {"label": label, "account": account, "first": self.balance_keys[key], "line": n},
            )
        self.balance_keys[key] = n
        self.pending_balances.append(
            Balance(
                fiscal_year=year,
                kind=label,
                account_id=account,
                period=period,
                object_list=objects,
                amount=amount,
                quantity=quantity,
            )
        )
        total_key = f"{label} {_text(f, 0)}"
        self.result.balance_totals[total_key] = (
            self.result.balance_totals.get(total_key, ZERO) + amount
        )
        self.result.balances += 1
        if len(self.pending_balances) >= BATCH_ROWS:
            self.flush_balances()

    def voucher_rows(self, voucher: _Voucher, lines: list[SieLine]) -> None:
        skip_twin = False
        for line in lines:
            f, n = line.fields, line.number
            if line.label == "BTRANS":
                continue
            if line.label == "TRANS" and skip_twin:
                skip_twin = False
                continue
            skip_twin = line.label == "RTRANS"
            if len(f) < 3 or not isinstance(f[1], list):
                raise SieRefused(
                    n, _("the row needs an account, an object list { } and an amount.")
                )
            account = self.account(_text(f, 0), n)
            amount = to_amount(_text(f, 2), n)
            if _text(f, 3):
                to_date(_text(f, 3), n)
            qty = _text(f, 5)
            quantity = to_amount(qty, n) if qty else None
            objects = objects_at(f, 1)
            for i in range(0, len(objects) - 1, 2):
                dimension_number(objects[i], n)
                object_code(objects[i + 1], n)
            if amount == ZERO:
                continue  # a row of 0 books nothing, and a posted voucher has none
            voucher.rows.append(
                _Row(
                    account=account,
                    amount=amount,
                    objects=objects,
                    text=_text(f, 4),
                    quantity=quantity,
                )
            )

    def voucher_key(self, voucher: _Voucher, year_start: str, digest: str) -> str | None:
        """The voucher's key in the books, None when the file has it already (identical).

        A numbered voucher is keyed by its year, series and number: the same key again
        with the same content is booked once, with other content the file is refused. A
        numberless one (as journal files have) is keyed by its content, counting repeats:
        the same voucher in a later, cumulative export is the same key again. BL
        Administration writes the vouchers of its depreciation register in series "#", all
        numbered 1: they are numberless in truth, and keyed by their content too."""
        if not voucher.number or voucher.series in UNNUMBERED_SERIES:
            base = f"sie:{year_start}:{voucher.series}:~{digest[:40]}"
            self.keys_seen[base] += 1
            seen = self.keys_seen[base]
            return base if seen == 1 else f"{base}#{seen}"
        key = f"sie:{year_start}:{voucher.series}:{voucher.number}"
        first = self.voucher_keys.get(key)
        if first is None:
            self.voucher_keys[key] = (voucher.line, digest[:32])  # 128 bits: bounded memory
            return key
        if first[1] == digest[:32]:
            self.result.duplicates += 1
            return None
        raise SieRefused(
            voucher.line,
            _(
                "voucher %(voucher)s is in the file twice with different content "
                "(lines %(first)s and %(line)s)."
            )
            % {
                "voucher": f"{voucher.series} {voucher.number}".strip(),
                "first": first[0],
                "line": voucher.line,
            },
        )

    def voucher(self, head: SieLine, lines: list[SieLine]) -> None:
        f, n = head.fields, head.number
        series, number = series_code(_text(f, 0), n), _text(f, 1)
        day = to_date(_text(f, 2), n)
        voucher = _Voucher(line=n, series=series, number=number, date=day, text=_text(f, 3))
        self.voucher_rows(voucher, lines)
        name = f"{series} {number}".strip() or "#VER"
        total = sum((r.amount for r in voucher.rows), ZERO)
        if total != ZERO:
            raise SieRefused(
                n,
                _("voucher %(voucher)s does not balance (off by %(diff)s).")
                % {"voucher": name, "diff": total},
            )
        year = self.year_for(day, n)
        key = self.voucher_key(voucher, f"{year.start:%Y%m%d}", _digest(head, lines))
        if key is None:
            return  # the same voucher written twice in the file: booked once
        r = self.result
        r.file_vouchers += 1
        for row in voucher.rows:
            r.account_totals[row.account] = r.account_totals.get(row.account, ZERO) + row.amount
            if row.amount > 0:
                r.debit_total += row.amount
        if not voucher.rows:
            r.empty += 1  # nothing to book (a voucher voided at the source, say)
            return
        self.pending.append((voucher, year, key))
        self.pending_rows += len(voucher.rows)
        if self.pending_rows >= BATCH_ROWS:
            self.flush_vouchers()

    # --- the file --------------------------------------------------------------------

    def read(self, facts: FileFacts, report: Callable[[int], None] | None) -> Iterator[SieLine]:
        """The lines; a file damaged before its first SIE label is not an SIE file."""
        labelled = False
        try:
            for line in read_lines(
                self.path, facts.encoding, newline=facts.newline, progress=report
            ):
                labelled = labelled or line.label in SIE_LABELS
                yield line
        except Unlabelled:
            if not labelled:
                raise KoopValidationError(unlabelled_message(), field="file") from None
            raise

    def lines(self, facts: FileFacts) -> tuple[int | None, Checksum]:
        """Read the file, each post as it comes; the #KSUMMA expected and computed."""
        report = (lambda done: self.progress(done, facts.size)) if self.progress else None
        checksum = Checksum()
        expected: int | None = None
        head: SieLine | None = None  # the #VER being read
        block: list[SieLine] = []
        in_block = False
        labelled = False  # whether any line has an SIE label
        for line in self.read(facts, report):
            label, n = line.label, line.number
            labelled = labelled or label in SIE_LABELS
            if label == "KSUMMA":
                if not line.fields:
                    checksum.active = True
                else:
                    expected = checksum_value(_text(line.fields, 0), n)
                    checksum.active = False
                continue
            checksum.add(line)
            if in_block:
                if label == "}":
                    assert head is not None  # a block is opened only after a #VER
                    self.voucher(head, block)
                    head, block, in_block = None, [], False
                elif label in ROW_LABELS:
                    block.append(line)
                else:
                    raise SieRefused(
                        n,
                        _("%(label)s inside the voucher of line %(line)s, whose } is missing.")
                        % {
                            "label": "{" if label == "{" else f"#{label}",
                            "line": head and head.number,
                        },
                    )
            elif label == "{":
                if head is None:
                    raise SieRefused(n, _("a { block without a #VER before it."))
                in_block = True
            elif head is not None:
                raise SieRefused(head.number, _("the voucher has no { } block (its { is missing)."))
            elif label == "}":
                raise SieRefused(n, _("a } without a { before it."))
            elif label in ROW_LABELS:
                raise SieRefused(n, _("#%(label)s outside a voucher.") % {"label": label})
            elif label == "VER":
                head = line
            elif label in BALANCE_LABELS:
                self.balance(line)
            else:
                self.header(line)
        if in_block and head is not None:
            raise SieRefused(
                head.number,
                _("the file ends inside this voucher (its } is missing): the file is cut short."),
            )
        if head is not None:
            raise SieRefused(head.number, _("the voucher has no { } block (its { is missing)."))
        if not labelled:
            raise KoopValidationError(unlabelled_message(), field="file")
        return expected, checksum

    def run(self) -> ImportResult:
        problem = not_sie_because(self.path)
        if problem is not None:
            raise KoopValidationError(problem, field="file")
        facts = detect_encoding(self.path)
        r = self.result
        r.encoding, r.fingerprint = facts.encoding, facts.fingerprint
        if SieImport.objects.filter(fingerprint=facts.fingerprint).exists():
            r.already_imported = True
            return r
        expected, checksum = self.lines(facts)
        self.flush_vouchers()
        self.flush_balances()
        if expected is not None:
            if expected != checksum.value:
                raise SieRefused(
                    0,
                    _(
                        "the checksum (#KSUMMA) does not match: the file has been "
                        "changed or damaged."
                    ),
                )
            r.checksum_verified = True
        record = SieImport.objects.create(
            fingerprint=facts.fingerprint,
            file_name=self.path.name[:255],
            program=r.program[:200],
            company=r.company[:200],
            sie_type=r.sie_type[:4],
            vouchers=r.vouchers,
            rows=r.rows,
            skipped=r.skipped,
            imported_by_id=self.acting_user.pk
            if self.acting_user is not None and self.acting_user.is_authenticated
            else None,
        )
        audit_record(
            actor=self.acting_user, action="sie_import", obj=record, before=None, after=r.as_dict()
        )
        return r


def sie_import(
    *,
    path: Path,
    acting_user: Actor,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the SIE file at ``path``; with ``dry_run`` everything is checked and nothing kept.

    ``progress(bytes_done, bytes_total)`` is called as the file is read."""
    with transaction.atomic():
        result = _Importer(path, acting_user=acting_user, dry_run=dry_run, progress=progress).run()
        if dry_run:
            transaction.set_rollback(True)
    return result

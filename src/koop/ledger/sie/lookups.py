"""What an SIE import finds or creates as it reads: accounts, dimensions, objects, fiscal
years. An account the file uses but declares nowhere, and the books do not have, is
created with a name saying which line of which file it came from (internal accounts in
class 9, the accounts a 4I file assumes exist) and listed in the result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from koop.ledger.models import (
    Account,
    Balance,
    Dimension,
    FiscalYear,
    LedgerObject,
    ObjectMapping,
    VoucherSeries,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, kind_for_number
from koop.ledger.sie.booking import Booking, _Voucher
from koop.ledger.sie.checks import SieRefused, account_number
from koop.ledger.sie.result import ImportResult
from koop.organisation.models import Unit

Actor = AbstractBaseUser | AnonymousUser | None


class Lookups(Booking):
    def __init__(
        self,
        path: Path,
        *,
        acting_user: Actor,
        dry_run: bool,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.path = path
        self.acting_user = acting_user
        self.progress = progress
        self.result = ImportResult(file_name=path.name, dry_run=dry_run)
        self.years: dict[int, FiscalYear] = {}  # RAR index -> fiscal year
        self.known_years = list(FiscalYear.objects.order_by("start"))
        self.accounts = set(Account.objects.values_list("number", flat=True))
        self.file_accounts: dict[int, str] = {}
        self.dimensions = set(Dimension.objects.values_list("number", flat=True))
        self.object_ids: dict[tuple[int, str], int] = {
            (d, c): pk
            for pk, d, c in LedgerObject.objects.values_list("pk", "dimension_id", "code")
        }
        self.series: dict[tuple[int, str], VoucherSeries] = {}
        self.pending: list[tuple[_Voucher, FiscalYear, str]] = []
        self.pending_rows = 0
        self.pending_balances: list[Balance] = []
        # Numberless vouchers: how often each content has been seen in this file.
        self.keys_seen: Counter[str] = Counter()
        # Numbered vouchers: key -> (line, digest of the content), to find repeats.
        self.voucher_keys: dict[str, tuple[int, str]] = {}
        # Balances: (year, kind, account, period, objects) -> line, to find repeats.
        self.balance_keys: dict[tuple[int, str, int, str, str], int] = {}
        self.units_by_code = dict(Unit.objects.values_list("cost_centre", "pk"))

    def dimension(self, number: int, name: str = "", parent: int | None = None) -> None:
        if number in self.dimensions:
            if name or parent:
                Dimension.objects.filter(number=number).update(
                    **({"name": name[:100]} if name else {}),
                    **({"parent_id": parent} if parent else {}),
                )
            return
        if parent is not None:
            self.dimension(parent)
        Dimension.objects.create(number=number, name=name[:100] or str(number), parent_id=parent)
        self.dimensions.add(number)

    def object_id(self, dimension: int, code: str, name: str = "") -> int:
        key = (dimension, code)
        pk = self.object_ids.get(key)
        if pk is not None:
            if name:
                LedgerObject.objects.filter(pk=pk, name="").update(name=name[:200])
            return pk
        self.dimension(dimension)
        obj = LedgerObject.objects.create(dimension_id=dimension, code=code, name=name[:200])
        self.object_ids[key] = obj.pk
        self.result.objects_added += 1
        if dimension == COST_CENTRE_DIMENSION and code in self.units_by_code:
            ObjectMapping.objects.create(object=obj, unit_id=self.units_by_code[code])
        return obj.pk

    def account(self, number_text: str, line: int, name: str | None = None) -> int:
        number = account_number(number_text, line)
        if number in self.accounts:
            if name and number in self.result.accounts_created:
                # Used before its #KONTO line: it takes the declared name after all.
                Account.objects.filter(number=number).update(name=name[:100])
                self.result.accounts_created.remove(number)
            return number
        declared = self.file_accounts.get(number) if name is None else name
        if declared is None and (number // 10) * 10 in self.accounts and 1000 <= number <= 8999:
            # BAS lets a company open accounts under a group of the chart (3101 under 3100):
            # such an account is known by its group, and takes the group's name.
            declared = Account.objects.get(number=(number // 10) * 10).name
        if declared is None:
            declared = _("From SIE file %(file)s, line %(line)s") % {
                "file": self.path.name,
                "line": line,
            }
            self.result.accounts_created.append(number)
        Account.objects.create(
            number=number, name=declared[:100] or str(number), kind=kind_for_number(number)
        )
        self.accounts.add(number)
        self.result.accounts_added += 1
        return number

    def fiscal_year(self, start: dt.date, end: dt.date, line: int) -> FiscalYear:
        if end < start:
            raise SieRefused(
                line,
                _("the fiscal year ends (%(end)s) before it starts (%(start)s).")
                % {"start": start, "end": end},
            )
        for year in self.known_years:
            if year.start == start and year.end == end:
                return year
            if year.start <= end and year.end >= start:
                raise SieRefused(
                    line,
                    _(
                        "the fiscal year %(start)s–%(end)s overlaps the fiscal "
                        "year %(year)s in the books."
                    )
                    % {"start": start, "end": end, "year": year},
                )
        year = FiscalYear.objects.create(start=start, end=end)
        self.known_years.append(year)
        return year

    def year_for(self, day: dt.date, line: int) -> FiscalYear:
        for year in self.known_years:
            if year.start <= day <= year.end:
                return year
        if self.years:
            raise SieRefused(
                line,
                _("%(day)s lies outside the fiscal years of the file (#RAR).")
                % {"day": day.isoformat()},
            )
        return self.fiscal_year(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), line)

    def flush_balances(self) -> None:
        if not self.pending_balances:
            return
        Balance.objects.bulk_create(
            self.pending_balances,
            update_conflicts=True,
            unique_fields=["fiscal_year", "kind", "account", "period", "object_list"],
            update_fields=["amount", "quantity"],
        )
        self.pending_balances = []

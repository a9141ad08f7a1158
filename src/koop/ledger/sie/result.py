"""What an SIE import did, as the command, the page and the audit record show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from koop.core.money import ZERO


@dataclass
class ImportResult:
    file_name: str = ""
    encoding: str = ""
    fingerprint: str = ""
    program: str = ""
    company: str = ""
    org_number: str = ""
    sie_type: str = ""
    already_imported: bool = False
    dry_run: bool = False
    vouchers: int = 0
    rows: int = 0
    skipped: int = 0
    empty: int = 0
    balances: int = 0
    accounts_added: int = 0
    # Accounts the file uses but declares nowhere, and the chart does not have: created
    # with a name saying where they came from, listed so someone can name them.
    accounts_created: list[int] = field(default_factory=list)
    duplicates: int = 0  # vouchers written twice in the file, byte for byte: booked once
    warnings: list[str] = field(default_factory=list)
    objects_added: int = 0
    fiscal_years: list[str] = field(default_factory=list)
    # Totals of every voucher in the file, whether imported now or already in the books.
    file_vouchers: int = 0
    debit_total: Decimal = ZERO
    account_totals: dict[int, Decimal] = field(default_factory=dict)
    balance_totals: dict[str, Decimal] = field(default_factory=dict)
    checksum_verified: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "encoding": self.encoding,
            "program": self.program,
            "company": self.company,
            "sie_type": self.sie_type,
            "already_imported": self.already_imported,
            "dry_run": self.dry_run,
            "vouchers": self.vouchers,
            "rows": self.rows,
            "skipped": self.skipped,
            "empty": self.empty,
            "balances": self.balances,
            "accounts_added": self.accounts_added,
            "accounts_created": self.accounts_created,
            "duplicates": self.duplicates,
            "warnings": self.warnings,
            "objects_added": self.objects_added,
            "fiscal_years": self.fiscal_years,
            "file_vouchers": self.file_vouchers,
            "debit_total": str(self.debit_total),
            "checksum_verified": self.checksum_verified,
        }

"""Ledger: the books of the installation's cooperative.

Responsible for the BAS chart of accounts, fiscal years, voucher series, vouchers and
their rows (tagged with a cost centre, SIE dimension 1, and a project, dimension 6), the
balances read from SIE files, budgets, the group levy with its solidarity pool and
investment fund, and the Fortnox link. A voucher always balances and a posted voucher never
changes: the database refuses both (migration 0002); corrections are reversing vouchers.
The ledger must never import billing or work: they call its services, not the other way
round. One set of books per installation, as there is one cooperative per installation."""

from koop.ledger.models.accounts import (
    Account,
    AccountKind,
    AccountMapping,
    AccountPurpose,
    Dimension,
    FiscalYear,
    LedgerObject,
    ObjectMapping,
    VoucherSeries,
)
from koop.ledger.models.balances import Balance, BalanceKind, Budget
from koop.ledger.models.fortnox import FortnoxConnection, FortnoxPush
from koop.ledger.models.levy import (
    Fund,
    FundBook,
    FundMovement,
    FundMovementKind,
    LevyEntry,
    LevyMonth,
    LevyRate,
    LevyShare,
    Loan,
    LoanInstalment,
)
from koop.ledger.models.sie import ImportJob, ImportStatus, SieImport
from koop.ledger.models.vouchers import Voucher, VoucherRow, VoucherSource

__all__ = [
    "Account",
    "AccountKind",
    "AccountMapping",
    "AccountPurpose",
    "Balance",
    "BalanceKind",
    "Budget",
    "Dimension",
    "FiscalYear",
    "FortnoxConnection",
    "FortnoxPush",
    "Fund",
    "FundBook",
    "FundMovement",
    "FundMovementKind",
    "ImportJob",
    "ImportStatus",
    "LedgerObject",
    "LevyEntry",
    "LevyMonth",
    "LevyRate",
    "LevyShare",
    "Loan",
    "LoanInstalment",
    "ObjectMapping",
    "SieImport",
    "Voucher",
    "VoucherRow",
    "VoucherSeries",
    "VoucherSource",
]

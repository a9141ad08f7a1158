"""More of the books the database keeps, whatever writes to it:

- a voucher is posted only with at least two rows, and none of them 0;
- a voucher series keeps its code and fiscal year once it has posted vouchers;
- an account keeps its kind (asset, liability, income, cost) once posted rows use it;
- a fiscal year keeps its dates once it has posted vouchers;
- a voucher series' counter only moves forward.

Written with ``koop.core.dbrules``: every refusal is an ``IntegrityError`` on both
databases."""

from django.db import migrations

from koop.core.dbrules import Rule, RuleSet, changed

POSTING = "NEW.posted AND NOT OLD.posted"
HAS_POSTED = "EXISTS (SELECT 1 FROM ledger_voucher v WHERE v.{column} = OLD.id AND v.posted)"

RULES = RuleSet(
    Rule(
        name="ledger_voucher_posts_two_rows",
        table="ledger_voucher",
        on="UPDATE",
        of=("posted",),
        when=f"{POSTING} AND (SELECT COUNT(*) FROM ledger_voucherrow r "
        "WHERE r.voucher_id = NEW.id) < 2",
        refusal="a posted voucher has at least two rows",
    ),
    Rule(
        name="ledger_voucher_posts_no_zero_row",
        table="ledger_voucher",
        on="UPDATE",
        of=("posted",),
        when=f"{POSTING} AND EXISTS (SELECT 1 FROM ledger_voucherrow r "
        "WHERE r.voucher_id = NEW.id AND r.amount = 0)",
        refusal="a posted voucher has no row of 0",
    ),
    Rule(
        name="ledger_voucherseries_kept",
        table="ledger_voucherseries",
        on="UPDATE",
        when=changed("code", "fiscal_year_id") & HAS_POSTED.format(column="series_id"),
        refusal="a series with posted vouchers keeps its code and fiscal year",
    ),
    Rule(
        name="ledger_voucherseries_counts_forward",
        table="ledger_voucherseries",
        on="UPDATE",
        when="NEW.next_number < OLD.next_number",
        refusal="a voucher series' counter only moves forward",
    ),
    Rule(
        name="ledger_account_kind_kept",
        table="ledger_account",
        on="UPDATE",
        when=changed("kind")
        & "EXISTS (SELECT 1 FROM ledger_voucherrow r JOIN ledger_voucher v "
        "ON v.id = r.voucher_id WHERE r.account_id = OLD.number AND v.posted)",
        refusal="an account used by posted vouchers keeps its kind",
    ),
    Rule(
        name="ledger_fiscalyear_dates_kept",
        table="ledger_fiscalyear",
        on="UPDATE",
        when=changed("start", "end") & HAS_POSTED.format(column="fiscal_year_id"),
        refusal="a fiscal year with posted vouchers keeps its dates",
    ),
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_levy_and_fund_keys")]

    operations = [RULES.operation()]

"""The one writer of database rules: a rule declared once becomes a trigger on SQLite and
on PostgreSQL that refuses with the same error class, and nowhere else."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from koop.core.dbrules import Rule, RuleSet, UnsupportedDatabase, changed, rules_lifted
from koop.core.models import VatRate

HIGH_RATES = RuleSet(
    Rule(
        name="test_vatrate_not_raised",
        table="core_vatrate",
        on="UPDATE",
        when=changed("rate") & "NEW.rate > 50",
        refusal="a VAT rate above 50 % is a typing error",
    ),
    Rule(
        name="test_vatrate_kept",
        table="core_vatrate",
        on=("DELETE",),
        when="OLD.rate = 25",
        refusal="the standard rate is never deleted",
    ),
)


def _editor() -> SimpleNamespace:
    """What ``RunPython`` hands over: the connection and a way to execute SQL."""

    def execute(sql: str, params: object = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return SimpleNamespace(connection=connection, execute=execute)


def test_a_rule_is_written_for_both_databases_with_the_same_refusal() -> None:
    rule = HIGH_RATES.rules[0]
    (sqlite,) = rule.create_sql("sqlite")
    function, trigger = rule.create_sql("postgresql")
    assert "BEFORE UPDATE ON core_vatrate FOR EACH ROW WHEN" in sqlite
    assert 'OLD."rate" IS NOT NEW."rate"' in sqlite
    assert (
        "RAISE(ABORT, 'test_vatrate_not_raised: a VAT rate above 50 % is a typing error')" in sqlite
    )
    assert 'OLD."rate" IS DISTINCT FROM NEW."rate"' in function
    assert "ERRCODE = '23514'" in function
    assert "EXECUTE FUNCTION test_vatrate_not_raised()" in trigger
    assert HIGH_RATES.drop_sql("sqlite") == [
        "DROP TRIGGER IF EXISTS test_vatrate_kept",
        "DROP TRIGGER IF EXISTS test_vatrate_not_raised",
    ]


def test_another_database_is_refused_rather_than_left_without_rules() -> None:
    with pytest.raises(UnsupportedDatabase, match="mysql"):
        HIGH_RATES.create_sql("mysql")
    editor = SimpleNamespace(connection=SimpleNamespace(vendor="oracle"), execute=print)
    with pytest.raises(UnsupportedDatabase, match="oracle"):
        HIGH_RATES.create(None, editor)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"on": "DELETE", "when": "NEW.rate > 1"}, "reads OLD only"),
        ({"on": "INSERT", "when": "OLD.rate > 1"}, "reads NEW only"),
        ({"on": "TRUNCATE"}, "is not INSERT, UPDATE or DELETE"),
        ({"on": "DELETE", "of": ("rate",)}, "go with UPDATE alone"),
        ({"on": "UPDATE", "name": "Bad Name"}, "lower case"),
    ],
)
def test_a_rule_that_cannot_work_on_both_databases_is_refused_when_declared(
    kwargs: dict[str, object], problem: str
) -> None:
    declared = {"name": "test_rule", "table": "core_vatrate", "refusal": "no", **kwargs}
    with pytest.raises(ValueError, match=problem):
        Rule(**declared)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="named twice"):
        RuleSet(HIGH_RATES.rules[0], HIGH_RATES.rules[0])


@pytest.mark.django_db
def test_the_rules_refuse_with_an_integrity_error_and_go_away_when_dropped() -> None:
    rate = VatRate.objects.get(rate=Decimal("25"), valid_to__isnull=True)
    HIGH_RATES.create(None, _editor())
    with pytest.raises(IntegrityError, match="test_vatrate_not_raised"), transaction.atomic():
        VatRate.objects.filter(pk=rate.pk).update(rate=Decimal("60"))
    with pytest.raises(IntegrityError, match="test_vatrate_kept"), transaction.atomic():
        VatRate.objects.filter(pk=rate.pk).delete()
    VatRate.objects.filter(pk=rate.pk).update(label="Normalskattesats")  # not the rate: fine
    with rules_lifted(connection, ["core_vatrate"]):
        VatRate.objects.filter(pk=rate.pk).update(rate=Decimal("60"))
    with pytest.raises(IntegrityError, match="test_vatrate_not_raised"), transaction.atomic():
        VatRate.objects.filter(pk=rate.pk).update(rate=Decimal("70"))
    HIGH_RATES.drop(None, _editor())
    VatRate.objects.filter(pk=rate.pk).update(rate=Decimal("70"))
    assert VatRate.objects.get(pk=rate.pk).rate == Decimal("70")


@pytest.mark.django_db
def test_lifted_rules_come_back_when_the_block_fails() -> None:
    rate = VatRate.objects.get(rate=Decimal("25"), valid_to__isnull=True)
    HIGH_RATES.create(None, _editor())
    with pytest.raises(RuntimeError), rules_lifted(connection, ["core_vatrate"]):
        raise RuntimeError("the block fails half-way")
    with pytest.raises(IntegrityError, match="test_vatrate_not_raised"), transaction.atomic():
        VatRate.objects.filter(pk=rate.pk).update(rate=Decimal("60"))

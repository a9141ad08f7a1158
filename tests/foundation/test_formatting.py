"""Money, hours, numbers and dates read one way everywhere, and numbers are typed either way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koop.core.formatting import (
    format_amount,
    format_date,
    format_datetime,
    format_hours,
    format_input,
    format_long_date,
    format_money,
    format_number,
    format_percent,
    format_plain,
    format_whole_kronor,
    parse_decimal,
)
from koop.core.forms import DecimalField, KoopModelForm
from koop.work.models import TimeRow

NB = "\xa0"


@pytest.fixture
def swedish():  # type: ignore[no-untyped-def]
    with translation.override("sv"):
        yield


@pytest.mark.usefixtures("swedish")
def test_money_reads_the_swedish_way_with_grouped_thousands_and_ore() -> None:
    assert format_money(Decimal("29424.35")) == f"29{NB}424,35{NB}kr"
    assert format_money(Decimal("-5")) == f"-5,00{NB}kr"
    assert format_amount(Decimal("1234567.8")) == f"1{NB}234{NB}567,80"
    assert format_whole_kronor(Decimal("1234567.5")) == f"1{NB}234{NB}568{NB}kr"


@pytest.mark.usefixtures("swedish")
def test_a_long_sum_from_the_database_never_shows_its_raw_digits() -> None:
    # SQLite sums decimals into values such as 2323462.72000000.
    assert format_money(Decimal("2323462.72000000")) == f"2{NB}323{NB}462,72{NB}kr"
    assert format_amount(Decimal("0.005")) == "0,01"  # halves away from zero, to öre


def test_english_uses_its_own_separators_and_the_same_dates() -> None:
    with translation.override("en"):
        assert format_money(Decimal("29424.35")) == f"29,424.35{NB}kr"
        assert format_hours(Decimal("3.50")) == f"3.5{NB}h"
        assert format_percent(Decimal("25")) == "25%"
        assert format_date(dt.date(2026, 12, 2)) == "2026-12-02"
        assert format_long_date(dt.date(2026, 12, 2)) == "2 December 2026"


@pytest.mark.usefixtures("swedish")
def test_hours_and_quantities_drop_trailing_zeros() -> None:
    assert format_hours(Decimal("3.50")) == f"3,5{NB}h"
    assert format_hours(Decimal("8.00")) == f"8{NB}h"
    assert format_number(Decimal("6.500")) == "6,5"
    assert format_number(12) == "12"
    assert format_percent(Decimal("12.50")) == f"12,5{NB}%"


@pytest.mark.usefixtures("swedish")
def test_dates_and_moments_read_as_swedes_write_them() -> None:
    assert format_date(dt.date(2026, 12, 2)) == "2026-12-02"
    assert format_long_date(dt.date(2026, 12, 2)) == "2 december 2026"
    # A moment is shown in Stockholm time, whatever zone it was stored in.
    moment = dt.datetime(2026, 12, 2, 13, 30, tzinfo=ZoneInfo("UTC"))
    assert format_datetime(moment) == "2026-12-02 14:30"
    assert format_date(moment) == "2026-12-02"


def test_a_missing_value_reads_as_a_dash_not_none() -> None:
    for formatter in (format_money, format_amount, format_hours, format_number, format_date):
        assert formatter(None) == "—"  # type: ignore[operator]


def test_a_template_reading_a_missing_object_shows_a_dash() -> None:
    # a template resolves ``connection.last_sync_at`` of no connection to ""
    rendered = Template("{% load koop_format %}{{ c.at|when }} {{ c.on|day }} {{ c.on|longday }}")
    assert rendered.render(Context({"c": None})) == "— — —"


def test_a_stored_mapping_reads_as_words_and_values_never_as_keys() -> None:
    with translation.override("sv"):
        assert format_plain({"demo_persons": 87, "unit_id": None}) == "Demo persons: 87; Unit: —"
        assert format_plain({}) == "—"


@pytest.mark.usefixtures("swedish")
def test_the_template_filters_are_the_same_formatters() -> None:
    template = Template(
        "{% load koop_format %}{{ a|money }}|{{ a|amount }}|{{ h|hours }}|{{ d|day }}|"
        "{{ d|longday }}|{{ n|num }}|{{ missing|money }}"
    )
    text = template.render(
        Context(
            {
                "a": Decimal("1234.5"),
                "h": Decimal("7.25"),
                "d": dt.date(2026, 1, 5),
                "n": Decimal("2.000"),
                "missing": None,
            }
        )
    )
    assert text == f"1{NB}234,50{NB}kr|1{NB}234,50|7,25{NB}h|2026-01-05|5 januari 2026|2|—"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3,5", "3.5"),
        ("3.5", "3.5"),
        (" 1 234,50 ", "1234.50"),
        (f"1{NB}234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("\u221212", "-12"),
        ("0", "0"),
    ],
)
def test_numbers_are_read_as_people_type_them(typed: str, number: str) -> None:
    assert parse_decimal(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["", "abc", "1e30", "1.2.3", "NaN", "Infinity", "12 kr", "--1"])
def test_anything_that_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the typed text itself
        parse_decimal(typed)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_what_a_form_shows_reads_back_as_the_same_amount(amount: Decimal) -> None:
    for language in ("sv", "en"):
        with translation.override(language):
            assert parse_decimal(format_input(amount, decimals=2)) == amount
            assert parse_decimal(format_amount(amount)) == amount


class _HoursForm(forms.Form):
    hours = DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0))


@pytest.mark.usefixtures("swedish")
def test_a_decimal_field_takes_a_comma_or_a_point_and_names_a_bad_value() -> None:
    assert _HoursForm({"hours": "3,5"}).is_valid()
    assert _HoursForm({"hours": "3.5"}).is_valid()
    form = _HoursForm({"hours": "3,5"})
    form.is_valid()
    assert form.cleaned_data["hours"] == Decimal("3.5")
    bad = _HoursForm({"hours": "tre"})
    assert not bad.is_valid()
    assert bad.errors["hours"]
    negative = _HoursForm({"hours": "-1"})
    assert not negative.is_valid()
    # The field is a text input with a decimal keypad, not a number input.
    html = str(_HoursForm()["hours"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


class _TimeForm(KoopModelForm):
    class Meta:
        model = TimeRow
        fields = ["hours"]


@pytest.mark.django_db
@pytest.mark.usefixtures("swedish")
def test_a_model_form_shows_a_prefilled_decimal_the_way_pages_show_numbers() -> None:
    form = _TimeForm(initial={"hours": Decimal("7.50")})
    html = str(form["hours"])
    assert 'value="7,5"' in html
    assert isinstance(form.fields["hours"], DecimalField)
    assert _TimeForm({"hours": "7,5"}).is_valid()


def test_the_percent_filter_takes_how_many_decimals_to_show() -> None:
    template = Template("{% load koop_format %}{{ a|percent }} {{ a|percent:0 }}")
    with translation.override("sv"):
        assert template.render(Context({"a": Decimal("42.56")})) == f"42,6{NB}% 43{NB}%"

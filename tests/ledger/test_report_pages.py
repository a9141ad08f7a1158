"""The ledger's reports as people read them: figures to whole öre in the pages, the exports
and the PDFs, labels rather than internal codes, charts with a name, an axis and a value on
every bar, and the unit's report downloadable like the group's."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs published
from pypdf import PdfReader

from koop.ledger.levy import fund_grant, levy_rate_set, levy_run, levy_share_set
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post

D = Decimal
SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# A figure with more than two decimals, as SQLite's sums come back ("2323462,72000000").
RAW = {"sv": re.compile(r"\d,\d{3,}|\d\.\d{3,}"), "en": re.compile(r"\d\.\d{3,}")}


@pytest.fixture
def books(world, year_2024):  # type: ignore[no-untyped-def]
    """Unit A's year: sales and costs in öre that floating point cannot add exactly."""
    cc = cost_centre_for_unit(world.unit_a).pk
    for month in range(1, 13):
        for account, amount in ((3001, "-1161731.36"), (3001, "-0.10"), (5010, "0.20")):
            voucher_post(
                voucher_date=dt.date(2024, month, 10),
                series="A",
                text="Månadens rader",
                acting_user=None,
                rows=[
                    RowSpec(account, D(amount), cost_centre_id=cc),
                    RowSpec(1930, -D(amount), cost_centre_id=cc),
                ],
            )
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=D("15.3"), decision_ref="§7", acting_user=None
    )
    levy_share_set(
        valid_from=dt.date(2024, 1, 1),
        pool_percent=D("33.3"),
        fund_percent=D("33.3"),
        decision_ref="§8",
        acting_user=None,
    )
    for month in range(1, 4):
        levy_run(period=dt.date(2024, month, 1), acting_user=None)
    fund_grant(
        unit=world.unit_a,
        recipient="",
        amount=D("1000.10"),
        day=dt.date(2024, 4, 2),
        decision_ref="Styrelsen § 4",
        acting_user=None,
    )
    return world


def _pages(world) -> list[str]:  # type: ignore[no-untyped-def]
    unit = world.unit_a.pk
    return [
        reverse("ledger:report-unit", args=[unit]) + "?year=2024",
        reverse("ledger:report-drilldown", args=[unit, 3001]) + "?year=2024",
        reverse("ledger:levy"),
        reverse("ledger:funds"),
        reverse("ledger:voucher-list"),
        *(
            reverse("ledger:report-units") + f"?year=2024&by={by}"
            for by in ("unit", "cost_centre", "business_area", "municipality", "consolidated")
        ),
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_ledger_pages_show_no_figure_beyond_ore(books, client_for, language: str) -> None:
    client = client_for("finance")
    headers = SV if language == "sv" else EN
    for url in _pages(books):
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert RAW[language].findall(text) == [], url


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("report", ["unit", "units"])
def test_report_exports_show_no_figure_beyond_ore(books, client_for, fmt: str, report: str) -> None:
    url = (
        reverse("ledger:report-unit", args=[books.unit_a.pk])
        if report == "unit"
        else reverse("ledger:report-units")
    )
    response = client_for("finance").get(f"{url}?year=2024&format={fmt}", **SV)
    assert response.status_code == 200
    figures = _figures(fmt, response.content)
    assert re.search(r"\d", figures)
    assert RAW["sv"].findall(figures) == []


def _figures(fmt: str, data: bytes) -> str:
    """The figure columns of an export (all of a PDF's text), as one text."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode())))
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        return _pdf_text(data)
    return " ".join(cell for row in rows[1:] for cell in row[2:])


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split("\n")) for page in pages)


def test_unit_report_downloads_like_the_group_report(books, client_for) -> None:
    client = client_for("leader")
    url = reverse("ledger:report-unit", args=[books.unit_a.pk]) + "?year=2024"
    rows = list(csv.reader(io.StringIO(client.get(url + "&format=csv", **EN).content.decode())))
    assert rows[0] == ["Month", "Unit", "Revenue", "Costs", "Result"]
    assert len(rows) == 13
    assert rows[1][:2] == ["2024-01", "Möbellagret"]
    # January: 1 161 731,46 sold; 0,20 rent and the levy of 15,3 % (177 744,91) as costs.
    assert rows[1][2:] == ["1161731.46", "177745.11", "983986.35"]
    group = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("ledger:report-units") + "?year=2024&format=csv", **EN
                ).content.decode()
            )
        )
    )
    assert group[0] == ["Cost centre", "Unit", "Revenue", "Costs", "Result"]
    assert group[1][:2] == ["110", "Möbellagret"]
    xlsx = client.get(url + "&format=xlsx", **EN)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == ["Month", "Unit", "Revenue", "Costs", "Result"]
    assert sheet.max_row == 13
    assert sheet["C2"].value == pytest.approx(1161731.46)
    pdf = client.get(url + "&format=pdf", **SV)
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Månad Enhet Intäkter Kostnader Resultat" in text
    # (the PDF's text reads its no-break spaces back as spaces)
    assert "2024-01 Möbellagret 1 161 731,46 177 745,11 983 986,35" in text.replace("\xa0", " ")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_unit_report_export_is_for_those_who_see_the_unit(books, client_for, fmt: str) -> None:
    url = reverse("ledger:report-unit", args=[books.unit_a.pk]) + f"?year=2024&format={fmt}"
    assert client_for("leader_b").get(url).status_code == 404
    assert client_for("cooperator").get(url).status_code == 404
    assert client_for("vd").get(url).status_code == 200


def test_group_report_shows_groupings_by_their_names(books, client_for) -> None:
    client = client_for("finance")
    url = reverse("ledger:report-units") + "?year=2024"
    page = client.get(url + "&by=business_area", **EN).content.decode()
    for code in ("business_area", "cost_centre", "consolidated", "unit", "none", "all"):
        assert f">{code}<" not in page, code
        assert f"{code}:" not in page, code
    assert '<option value="business_area" selected>Business area</option>' in page
    assert "Transport" in page
    unit_page = client.get(url + "&by=unit", **EN).content.decode()
    assert f"unit:{books.unit_a.pk}" not in unit_page
    assert "Möbellagret" in unit_page
    swedish = client.get(url + "&by=consolidated", **SV).content.decode()
    assert "Koncernen" in swedish
    assert "Grupperat per" in swedish


def test_unit_report_chart_has_a_name_an_axis_and_a_value_on_every_month(books, client_for) -> None:
    url = reverse("ledger:report-unit", args=[books.unit_a.pk]) + "?year=2024"
    page = client_for("leader").get(url, **SV).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="month-chart-title month-chart-desc"' in svg
    assert "Resultat per månad, Möbellagret 2024" in svg
    assert "<desc" in svg
    assert "viewBox" not in svg  # the text keeps its size whatever the width
    names = re.findall(r'<text x="0" y="\d+"[^>]*>([^<]+)</text>', svg)
    assert names == [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ]
    values = re.findall(r'<text x="100%"[^>]*font-weight="600">([^<]+)</text>', svg)
    assert len(values) == 12
    assert values[0] == "983\xa0986\xa0kr"  # January, after the levy
    assert values[3] == "1\xa0162\xa0731\xa0kr"  # April: no levy run, a grant of 1 000,10
    assert min(int(size) for size in re.findall(r'font-size="(\d+)"', svg)) >= 12
    assert "<line" in svg  # the zero line and the axis
    english = client_for("leader").get(url, **EN).content.decode()
    assert ">May</text>" in english


def test_voucher_shows_credit_to_the_ore(books, client_for) -> None:
    from koop.ledger.models import Voucher

    voucher = Voucher.objects.filter(text="Månadens rader").first()
    page = (
        client_for("finance")
        .get(reverse("ledger:voucher-detail", args=[voucher.pk]), **SV)
        .content.decode()
    )
    assert "1\xa0161\xa0731,36" in page


def test_group_report_chart_ranks_the_units_and_leaves_the_central_line_to_the_table(
    books, client_for
) -> None:
    cc_b = cost_centre_for_unit(books.unit_b).pk
    voucher_post(
        voucher_date=dt.date(2024, 5, 5),
        series="A",
        text="Hyra",
        acting_user=None,
        rows=[RowSpec(5010, D("5000.00"), cost_centre_id=cc_b), RowSpec(1930, D("-5000.00"))],
    )
    page = client_for("finance").get(reverse("ledger:report-units") + "?year=2024", **EN).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(r'<text x="0" y="\d+"[^>]*>([^<]+)</text>', svg) == [
        "Möbellagret",
        "Cykelbudet",
    ]
    assert "(no unit)" in page  # the central cost centre's levy income, in the table
    assert "(no unit)" not in svg
    assert "such as the central cost centre, is in the table only" in page
    assert "<figcaption>Result 2024 per unit</figcaption>" in page

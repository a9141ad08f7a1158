"""Bad input is refused with a message naming the problem, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.core.errors import KoopValidationError
from koop.work.customer_services import agreement_create, customer_create, customer_update
from koop.work.models import Agreement, Customer, MaterialRow, TimeRow, WorkOrder
from koop.work.services import material_row_add, time_row_add, work_order_create
from tests.work.conftest import WorkWorld


def _fields(error: pytest.ExceptionInfo[KoopValidationError]) -> set[str | None]:
    return {p.field for p in error.value.problems}


def test_a_public_customer_without_buyer_reference_is_refused(ww: WorkWorld) -> None:
    before = Customer.objects.count()
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative,
            kind="public",
            name="Linköpings kommun",
            department="Tekniska förvaltningen",
            identity_number="212000-0142",
            acting_user=None,
        )
    assert "buyer_reference" in _fields(error)
    assert "Er referens" in str(error.value)
    assert Customer.objects.count() == before


def test_an_invalid_org_number_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative,
            kind="company",
            name="Fel AB",
            identity_number="556036-0794",
            acting_user=None,
        )
    assert _fields(error) == {"identity_number"}
    assert "556036-0794" in str(error.value)
    assert not Customer.objects.filter(name="Fel AB").exists()


def test_a_company_needs_an_org_number(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative, kind="company", name="Utan AB", acting_user=None
        )
    assert _fields(error) == {"identity_number"}


def test_a_private_person_is_checked_as_a_personnummer(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative,
            kind="private",
            name="Anna Andersson",
            identity_number="556036-0793",
            acting_user=None,
        )
    assert _fields(error) == {"identity_number"}
    person = customer_create(
        cooperative=ww.world.cooperative,
        kind="private",
        name="Anna Andersson",
        identity_number="811218-9876",
        acting_user=None,
    )
    assert person.identity_number == "19811218-9876"


def test_a_bad_vat_number_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative,
            kind="company",
            name="Moms AB",
            identity_number="556036-0793",
            vat_number="SE556036079302",
            acting_user=None,
        )
    assert _fields(error) == {"vat_number"}


def test_a_vat_number_of_another_company_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError, match="does not match"):
        customer_create(
            cooperative=ww.world.cooperative,
            kind="company",
            name="Moms AB",
            identity_number="556036-0793",
            vat_number="SE212000014201",
            acting_user=None,
        )


def test_a_public_customer_gets_its_peppol_id_from_the_org_number(ww: WorkWorld) -> None:
    customer = customer_create(
        cooperative=ww.world.cooperative,
        kind="public",
        name="Linköpings kommun",
        department="Kultur- och fritidsförvaltningen",
        identity_number="2120000142",
        buyer_reference="KF-4411",
        vat_number="se212000014201",
        acting_user=None,
    )
    assert customer.identity_number == "212000-0142"
    assert customer.peppol_id == "0007:2120000142"
    assert customer.vat_number == "SE212000014201"
    assert customer.receives_e_invoices


def test_a_corrected_org_number_moves_the_derived_peppol_id(ww: WorkWorld) -> None:
    customer = customer_create(
        cooperative=ww.world.cooperative,
        kind="public",
        name="Region Östergötland",
        identity_number="212000-0142",
        buyer_reference="R-1",
        acting_user=None,
    )
    customer = customer_update(customer=customer, identity_number="232100-0040", acting_user=None)
    assert customer.peppol_id == "0007:2321000040"


def test_a_malformed_peppol_id_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        customer_create(
            cooperative=ww.world.cooperative,
            kind="public",
            name="Motala kommun",
            identity_number="212000-0498",
            buyer_reference="M-1",
            peppol_id="0007-2120000498",
            acting_user=None,
        )
    assert _fields(error) == {"peppol_id"}


def test_a_reserved_contract_needs_the_procurement_reference(ww: WorkWorld) -> None:
    w = ww.world
    before = Agreement.objects.count()
    with pytest.raises(KoopValidationError) as error:
        agreement_create(
            cooperative=w.cooperative,
            customer=ww.customer,
            kind="reserved",
            title="Reserverat",
            units=[w.unit_a],
            business_area=ww.area,
            valid_from=dt.date(2025, 1, 1),
            acting_user=None,
        )
    assert _fields(error) == {"procurement_reference"}
    assert "LOU" in str(error.value)
    assert Agreement.objects.count() == before


def test_an_agreement_ending_before_it_starts_is_refused(ww: WorkWorld) -> None:
    w = ww.world
    with pytest.raises(KoopValidationError):
        agreement_create(
            cooperative=w.cooperative,
            customer=ww.customer,
            kind="direct",
            title="Bakvänt",
            units=[w.unit_a],
            business_area=ww.area,
            valid_from=dt.date(2025, 6, 1),
            valid_to=dt.date(2025, 1, 1),
            acting_user=None,
        )


@pytest.mark.parametrize("hours", ["0", "-1.5", "25"])
def test_zero_negative_or_too_many_hours_are_refused(ww: WorkWorld, hours: str) -> None:
    order = ww.order(agreement=ww.agreement)
    with pytest.raises(KoopValidationError) as error:
        time_row_add(
            work_order=order,
            person=ww.world.persons["cooperator"],
            date=order.planned_date,
            hours=Decimal(hours),
            service=ww.service,
            acting_user=None,
        )
    assert _fields(error) == {"hours"}
    assert not TimeRow.objects.filter(work_order=order).exists()


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_zero_or_negative_quantity_is_refused(ww: WorkWorld, quantity: str) -> None:
    order = ww.order(agreement=ww.agreement)
    with pytest.raises(KoopValidationError) as error:
        material_row_add(
            work_order=order, article=ww.article, quantity=Decimal(quantity), acting_user=None
        )
    assert _fields(error) == {"quantity"}
    assert not MaterialRow.objects.filter(work_order=order).exists()


def test_a_vat_rate_not_in_force_is_refused(ww: WorkWorld) -> None:
    order = ww.order()
    with pytest.raises(KoopValidationError) as error:
        material_row_add(
            work_order=order,
            description="Färg",
            quantity=Decimal(1),
            unit_price=Decimal(100),
            vat_rate=Decimal(18),
            acting_user=None,
        )
    assert _fields(error) == {"vat_rate"}


def test_a_service_from_another_agreement_is_refused(ww: WorkWorld) -> None:
    order = ww.order()  # no agreement
    with pytest.raises(KoopValidationError) as error:
        time_row_add(
            work_order=order,
            person=ww.world.persons["cooperator"],
            date=order.planned_date,
            hours=Decimal(1),
            service=ww.service,
            acting_user=None,
        )
    assert _fields(error) == {"service"}


def test_someone_outside_the_unit_cannot_get_time_on_its_order(ww: WorkWorld) -> None:
    order = ww.order()
    with pytest.raises(KoopValidationError) as error:
        time_row_add(
            work_order=order,
            person=ww.world.persons["leader_b"],
            date=order.planned_date,
            hours=Decimal(1),
            hourly_price=Decimal(400),
            acting_user=None,
        )
    assert _fields(error) == {"person"}


def test_an_order_under_an_agreement_not_covering_the_unit_is_refused(ww: WorkWorld) -> None:
    before = WorkOrder.objects.count()
    with pytest.raises(KoopValidationError) as error:
        ww.order(unit="b", agreement=ww.agreement)
    assert "agreement" in _fields(error)
    assert "Cykelbudet" in str(error.value)
    assert WorkOrder.objects.count() == before


def test_an_order_under_another_customers_agreement_is_refused(ww: WorkWorld) -> None:
    other = customer_create(
        cooperative=ww.world.cooperative,
        kind="company",
        name="Annan AB",
        identity_number="556036-0793",
        acting_user=None,
    )
    with pytest.raises(KoopValidationError, match="another customer"):
        work_order_create(
            unit=ww.world.unit_a,
            customer=other,
            agreement=ww.agreement,
            description="Fel kund",
            planned_date=dt.date(2025, 3, 3),
            acting_user=None,
        )


def test_an_order_in_a_business_area_the_unit_lacks_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        work_order_create(
            unit=ww.world.unit_a,
            customer=ww.customer,
            business_area=ww.area_b,
            description="Cykel",
            planned_date=dt.date(2025, 3, 3),
            acting_user=None,
        )
    assert _fields(error) == {"business_area"}


def test_assigning_someone_from_another_unit_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        ww.order(assigned=[ww.world.persons["leader_b"]])
    assert _fields(error) == {"assigned"}

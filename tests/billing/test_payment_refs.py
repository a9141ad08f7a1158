from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from koop.billing.payment_refs import (
    is_valid_ocr,
    normalise_bankgiro,
    normalise_plusgiro,
    ocr_reference,
    validate_ocr_reference,
)

numbers = st.integers(min_value=1, max_value=10**20).map(str)


def test_ocr_reference_worked_example() -> None:
    # 1042: length digit (4 + 2) % 10 = 6, then the Luhn digit of 10426 is 5.
    assert ocr_reference("1042") == "104265"
    assert ocr_reference("1042", length_digit=False) == "10421"


@given(numbers)
def test_every_ocr_reference_made_is_valid_and_starts_with_the_number(number: str) -> None:
    reference = ocr_reference(number)
    assert reference.startswith(number)
    assert len(reference) == len(number) + 2
    assert is_valid_ocr(reference)
    validate_ocr_reference(reference)


@given(numbers)
def test_ocr_without_length_digit_is_valid_without_it(number: str) -> None:
    reference = ocr_reference(number, length_digit=False)
    assert is_valid_ocr(reference, length_digit=False)


@given(numbers, st.data())
def test_a_single_changed_digit_makes_an_ocr_reference_invalid(number: str, data) -> None:  # type: ignore[no-untyped-def]
    reference = ocr_reference(number)
    position = data.draw(st.integers(min_value=0, max_value=len(reference) - 1))
    new_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference[position]]))
    changed = reference[:position] + new_digit + reference[position + 1 :]
    assert not is_valid_ocr(changed)


@given(numbers)
def test_a_dropped_digit_is_caught_by_the_length_digit(number: str) -> None:
    reference = ocr_reference(number)
    shortened = reference[1:]
    assert not is_valid_ocr(shortened)


def test_ocr_refuses_letters() -> None:
    with pytest.raises(ValueError, match="digits"):
        ocr_reference("A12")
    with pytest.raises(ValidationError):
        validate_ocr_reference("12A4")


@pytest.mark.parametrize("value", ["5678-1230", "567 8123 0", "991-2346"])
def test_valid_bankgiro_numbers_are_normalised_to_digits(value: str) -> None:
    assert normalise_bankgiro(value) == value.replace("-", "").replace(" ", "")


@pytest.mark.parametrize("value", ["5678-1231", "123456", "123456789", "56781A30", ""])
def test_bad_bankgiro_numbers_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="bankgiro"):
        normalise_bankgiro(value)


def test_plusgiro_needs_its_check_digit() -> None:
    assert normalise_plusgiro("4 38 81-2") == "438812"
    with pytest.raises(ValidationError, match="plusgiro"):
        normalise_plusgiro("438819")

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from koop.ledger.models import FiscalYear


@pytest.fixture(autouse=True)
def _english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the msgids); Swedish is the site's default."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def year_2024(db: None) -> FiscalYear:
    return FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))

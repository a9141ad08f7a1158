"""Settings every test shares, wherever it lives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    # Tests render pages without a prior collectstatic; production uses the manifest.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Services speak the active language; outside a request the tests read English, and
    no test leaves a language behind for the next (pages still answer in Swedish by default,
    chosen per request by the locale middleware)."""
    with translation.override("en"):
        yield

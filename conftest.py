"""Settings every test shares, wherever it lives."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    # Tests render pages without a prior collectstatic; production uses the manifest.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True  # type: ignore[attr-defined]

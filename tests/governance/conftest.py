from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.governance.helpers import Gov, build_gov
from tests.personas import World


@pytest.fixture
def gov(world: World) -> Gov:
    return build_gov(world)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English (the msgids); Swedish is checked on its own."""
    with translation.override("en"):
        yield

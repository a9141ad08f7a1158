"""What the billing pages share."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

PAGE_SIZE = 50


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def query_without_page(query: QueryDict) -> str:
    """The list's filters as a query string for its page links (without the page)."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()

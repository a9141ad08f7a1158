"""Statistics about people: no figure may describe a group smaller than five."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MIN_GROUP = 5


def share(part: int, whole: int, *, min_group: int = MIN_GROUP) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal, or None when ``whole`` is a
    group too small to show (fewer than ``min_group`` people)."""
    if whole < min_group:
        return None
    if not 0 <= part <= whole:
        raise ValueError(f"part {part} must lie between 0 and whole {whole}")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)

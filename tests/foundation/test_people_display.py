"""People read as people write them: a role is never said twice."""

from __future__ import annotations

from django.utils import translation

from koop.people.models import Employment, EmploymentKind


def test_an_employment_title_that_repeats_its_kind_is_not_shown_twice() -> None:
    with translation.override("sv"):
        same = Employment(kind=EmploymentKind.COOPERATOR, title="Kooperatör")
        assert same.description == "Kooperatör"
        other = Employment(kind=EmploymentKind.COOPERATOR, title="Snickare")
        assert other.description == "Kooperatör (Snickare)"
        none = Employment(kind=EmploymentKind.COOPERATOR, title="")
        assert none.description == "Kooperatör"

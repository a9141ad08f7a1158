"""One error hierarchy for every service, with one shape for pages and the API.

A service raises ``KoopValidationError`` with the field it is about; a form shows the
message beside that field and the API answers 422 with ``{"detail": [...]}``."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404


class KoopError(Exception):
    """Base of every error a service raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    field: str | None
    message: str


class KoopValidationError(KoopError):
    """Input that breaks a rule; ``problems`` names each field and what is wrong with it."""

    def __init__(self, problems: list[FieldProblem] | str, *, field: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [FieldProblem(field, problems)]
        self.problems = problems
        super().__init__(
            "; ".join(p.message if not p.field else f"{p.field}: {p.message}" for p in problems)
        )

    def as_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for problem in self.problems:
            out.setdefault(problem.field or "__all__", []).append(str(problem.message))
        return out


class NotFound(KoopError, Http404):
    """The object does not exist, or the acting user may not know that it does.

    A subclass of Http404, so pages and the API answer 404 without a check of their own."""

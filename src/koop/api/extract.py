"""A person's API tokens in their register extract: name, prefix and dates, never the
digest (which would let nobody in anyway, but is no business of the extract)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from koop.api.models import ApiToken
from koop.participants.extract_kit import Builder, Record, Section
from koop.people.models import Person

KEYS = {
    "api_tokens": gettext_lazy("Your API tokens"),
    "api_tokens.name": gettext_lazy("Name"),
    "api_tokens.prefix": gettext_lazy("Begins with"),
    "api_tokens.created_at": gettext_lazy("Created"),
    "api_tokens.last_used_at": gettext_lazy("Last used"),
    "api_tokens.revoked_at": gettext_lazy("Revoked"),
}


def token_sections(person: Person) -> list[Section]:
    if person.user_id is None:
        return [Section("api_tokens", [], table=True)]
    b = Builder("api_tokens")
    tokens = [
        Record(
            [
                b.text("name", t.name),
                b.text("prefix", t.prefix),
                b.moment("created_at", t.created_at),
                b.moment("last_used_at", t.last_used_at),
                b.moment("revoked_at", t.revoked_at),
            ]
        )
        for t in ApiToken.objects.filter(user_id=person.user_id).order_by("created_at", "pk")
    ]
    return [Section("api_tokens", tokens, table=True)]

"""The JSON API under /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from koop.api import billing, governance, ledger, organisation, participants, people, portal, work
from koop.api.auth import API_AUTH
from koop.core.errors import KoopValidationError

api = NinjaAPI(
    title="Koop API",
    version="1",
    description="The JSON API of Koop. Authenticate with a session or `Authorization: Bearer`.",
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("", organisation.router)
api.add_router("", people.router)
api.add_router("", participants.router)
api.add_router("", portal.router)
api.add_router("", work.router)
api.add_router("", billing.router)
api.add_router("", governance.router)
api.add_router("", ledger.router)


@api.exception_handler(KoopValidationError)
def validation_error(request: HttpRequest, exc: KoopValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": [{"field": p.field, "message": str(p.message)} for p in exc.problems]},
        status=422,
    )

"""Case files (GDPR art. 9), their access log, and the register extract (art. 15)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.core.access import principal_of, require
from koop.participants import pdf
from koop.participants.access import access_case_file, access_extract, can_read_access_log
from koop.participants.extract import register_extract, register_extract_of
from koop.participants.forms import CaseFileForm
from koop.participants.models import CaseFileAccessLog
from koop.participants.services import case_file_read, case_file_write


@login_required
def case_file_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_case_file(principal_of(request), person_id)
    if request.method == "POST":
        form = CaseFileForm(request.POST)
        if form.is_valid():
            case_file_write(person=person, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The case file was saved."))
            return redirect("participants:case-file", person_id=person.pk)
    else:
        contents = case_file_read(person=person, acting_user=request.user)
        form = CaseFileForm(initial=contents.as_dict())
    return render(
        request,
        "participants/case_file.html",
        {"person": person, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def access_log_view(request: HttpRequest) -> HttpResponse:
    require(can_read_access_log(principal_of(request)))
    logs = CaseFileAccessLog.objects.select_related("user", "person")
    person = request.GET.get("person", "")
    if person.isdigit():
        logs = logs.filter(person_id=int(person))
    page = Paginator(logs, 100).get_page(request.GET.get("page"))
    return render(request, "participants/access_log.html", {"page": page})


@login_required
def extract_json(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_extract(principal_of(request), person_id)
    data = register_extract(person=person, acting_user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pk}.json"'
    return response


@login_required
def extract_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_extract(principal_of(request), person_id)
    extract = register_extract_of(person=person, acting_user=request.user)
    response = HttpResponse(pdf.register_extract(extract=extract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pk}.pdf"'
    return response

"""Pages for people: the list, one person, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.organisation.selectors import cooperative_current
from koop.people.access import access_person, can_change_people, can_read_self_report
from koop.people.forms import EmploymentForm, MembershipForm, PersonForm, SelfReportForm
from koop.people.selectors import person_list as select_people
from koop.people.services import (
    employment_create,
    membership_start,
    person_create,
    person_record_self_report,
    person_update,
)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    search = request.GET.get("q", "").strip()
    people = select_people(principal=principal, on=timezone.localdate(), search=search)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {"page": page, "search": search, "can_change": can_change_people(principal)},
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_of(request)
    person = access_person(principal, person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.all(),
            "employments": person.employments.select_related("unit"),
            "roles": person.user.role_assignments.select_related("unit") if person.user else [],
            "show_self_report": can_read_self_report(principal, person),
            "can_change": can_change_people(principal),
        },
    )


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    require(can_change_people(principal_of(request)))
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(
                cooperative=cooperative_current(), acting_user=request.user, **form.cleaned_data
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("people:person-detail", person_id=person.pk)
    return _form_page(request, form, _("New person"), "/people/")


@login_required
def person_edit_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(principal_of(request), person_id, write=True)
    # The personnummer is never sent back in clear: its field starts empty with the masked
    # number as placeholder, and left empty keeps the number on file.
    initial = {name: getattr(person, name) for name in PersonForm.base_fields}
    initial.pop("personnummer")
    form = PersonForm(request.POST or None, initial=initial)
    form.fields["personnummer"].widget.attrs["placeholder"] = person.personnummer_masked
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if not changes["personnummer"]:
            del changes["personnummer"]
        try:
            person_update(person=person, acting_user=request.user, **changes)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("people:person-detail", person_id=person.pk)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": person.full_name}, f"/people/{person.pk}/"
    )


@login_required
def self_report_view(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_of(request)
    person = access_person(principal, person_id)
    require(principal.is_admin or principal.person_id == person.pk)
    initial = {
        "consent": person.self_report_consent_at is not None,
        "gender": person.gender,
        "other_background": person.other_background,
    }
    form = SelfReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person_record_self_report(person=person, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("people:person-detail", person_id=person.pk)
    return _form_page(request, form, _("Self-reported details"), f"/people/{person.pk}/")


@login_required
def employment_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(principal_of(request), person_id, write=True)
    form = EmploymentForm(request.POST or None, cooperative=person.cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            employment_create(person=person, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The employment was added."))
            return redirect("people:person-detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("New employment for %(name)s") % {"name": person.full_name},
        f"/people/{person.pk}/",
    )


@login_required
def membership_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(principal_of(request), person_id, write=True)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_start(person=person, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership was recorded."))
            return redirect("people:person-detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("New membership for %(name)s") % {"name": person.full_name},
        f"/people/{person.pk}/",
    )


def _form_page(request: HttpRequest, form: object, title: str, cancel_url: str) -> HttpResponse:
    errors = getattr(form, "errors", None)
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
        status=422 if errors else 200,
    )

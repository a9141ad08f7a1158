"""Pages for bodies, meetings, matters, the registers and the statutes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import (
    access_body,
    access_decision,
    access_document,
    access_matter,
    access_meeting,
    access_statutes,
    bodies_visible,
    can_delegate,
    can_manage_body,
    is_board,
)
from koop.governance.forms import (
    DelegationForm,
    ExecutionForm,
    MatterForm,
    StatementForm,
    TemplateForm,
)
from koop.governance.models import (
    AgendaTemplate,
    Body,
    BodyKind,
    Delegation,
    Matter,
    SubmissionKind,
)
from koop.governance.selectors import (
    decision_register,
    decisions_pending,
    delegations_active,
    meeting_list,
    statutes_of,
)
from koop.governance.services import (
    agenda_template_update,
    decision_set_execution,
    delegation_create,
    governance_setup,
    matter_accept_urgent,
    matter_deadline,
    matter_submit,
    motion_answer,
)
from koop.governance.services.setup import template_line
from koop.governance.views.common import me, post_then_redirect
from koop.organisation.models import Cooperative


def _ensure_setup(cooperative_id: int | None) -> None:
    """Governance starts with the statutes' defaults the first time anyone looks."""
    if cooperative_id is None:
        return
    cooperative = Cooperative.objects.filter(pk=cooperative_id).first()
    if cooperative is not None and not hasattr(cooperative, "statutes"):
        governance_setup(cooperative=cooperative, acting_user=None)


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    _ensure_setup(principal.cooperative_id)
    bodies = list(bodies_visible(principal).order_by("kind", "name"))
    upcoming = (
        meeting_list([b.pk for b in bodies])
        .filter(starts_at__gte=timezone.now() - dt.timedelta(hours=12))
        .reverse()[:10]
    )
    return render(
        request,
        "governance/body_list.html",
        {
            "bodies": bodies,
            "upcoming": upcoming,
            "can_delegate": can_delegate(principal),
        },
    )


@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    principal = principal_of(request)
    body = access_body(principal, body_id)
    template = AgendaTemplate.objects.filter(body=body).first()
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "meetings": body.meetings.order_by("-starts_at")[:50],
            "matters": body.matters.select_related("submitted_by", "meeting")[:50],
            "template_items": template.items.order_by("position") if template else [],
            "seats": body.seats.select_related("person").order_by("ended_on", "role")
            if body.kind == BodyKind.BOARD
            else [],
            "pending": decisions_pending(body),
            "can_manage": can_manage_body(principal, body),
        },
    )


@login_required
def template_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    principal = principal_of(request)
    body = access_body(principal, body_id, write=True)
    template, _created = AgendaTemplate.objects.get_or_create(body=body)
    lines = "\n".join(template_line(t.title, t.kind) for t in template.items.order_by("position"))
    form = TemplateForm(request.POST or None, initial={"items": lines})
    if request.method == "POST" and form.is_valid():
        try:
            agenda_template_update(
                template=template, text=form.cleaned_data["items"], acting_user=request.user
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda template was saved."))
            return redirect("governance:body-detail", body_id=body.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Agenda template: %(body)s") % {"body": body},
            "cancel_url": f"/governance/bodies/{body.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def matter_create(request: HttpRequest, body_id: int) -> HttpResponse:
    principal = principal_of(request)
    body = access_body(principal, body_id)
    allowed = [SubmissionKind.MATTER]
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        allowed = [SubmissionKind.MOTION]
    elif body.kind == BodyKind.UNIT_MEETING:
        allowed.append(SubmissionKind.PROPOSAL)
    form = MatterForm(
        request.POST or None, request.FILES or None, initial={"submission": allowed[-1]}
    )
    form.fields["submission"].choices = [(k.value, k.label) for k in allowed]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = matter_submit(
                body=body,
                submitted_by=me(principal),
                title=data["title"],
                text=data["text"],
                submission=data["submission"],
                matter_kind=data["matter_kind"],
                amount=data["amount"],
                documents=[data["document"]] if data.get("document") else [],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Submitted: %(title)s") % {"title": matter.title})
            return redirect("governance:matter-detail", matter_id=matter.pk)
    return render(
        request,
        "governance/matter_form.html",
        {
            "form": form,
            "title": _("Submit to %(body)s") % {"body": body},
            "cancel_url": f"/governance/bodies/{body.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    principal = principal_of(request)
    matter = access_matter(principal, matter_id)
    upcoming = matter.body.meetings.filter(status__in=["planned", "called", "open"]).order_by(
        "starts_at"
    )
    return render(
        request,
        "governance/matter_detail.html",
        {
            "matter": matter,
            "documents": matter.documents.all(),
            "deadline": matter_deadline(matter.meeting, matter.submission)
            if matter.meeting
            else None,
            "can_answer": matter.submission == SubmissionKind.MOTION
            and (is_board(principal) or principal.is_admin),
            "can_manage": can_manage_body(principal, matter.body),
            "upcoming": upcoming,
        },
    )


@login_required
def motion_statement(request: HttpRequest, matter_id: int) -> HttpResponse:
    principal = principal_of(request)
    matter = access_matter(principal, matter_id)
    require(
        matter.submission == SubmissionKind.MOTION and (is_board(principal) or principal.is_admin)
    )
    form = StatementForm(request.POST or None, initial={"statement": matter.board_statement})
    if request.method == "POST" and form.is_valid():
        try:
            motion_answer(
                matter=matter, statement=form.cleaned_data["statement"], acting_user=request.user
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The board's statement was saved."))
            return redirect("governance:matter-detail", matter_id=matter.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("The board's statement on %(title)s") % {"title": matter.title},
            "cancel_url": f"/governance/matters/{matter.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def matter_urgent(request: HttpRequest, matter_id: int) -> HttpResponse:
    principal = principal_of(request)
    matter = access_matter(principal, matter_id)
    meeting = access_meeting(principal, int(request.POST.get("meeting", "0") or 0), write=True)
    return post_then_redirect(
        request,
        lambda: matter_accept_urgent(matter=matter, meeting=meeting, acting_user=request.user),
        _("The matter is on the agenda as urgent."),
        f"/governance/matters/{matter.pk}/",
    )


@login_required
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = access_document(principal_of(request), document_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
def decision_list(request: HttpRequest, body_id: int) -> HttpResponse:
    principal = principal_of(request)
    body = access_body(principal, body_id)
    return render(
        request,
        "governance/decision_list.html",
        {
            "body": body,
            "decisions": decision_register(body)[:300],
            # who may record how a decision was carried out: the body's managers, and
            # the person responsible for it
            "manages_body": can_manage_body(principal, body),
            "person_id": principal.person_id,
        },
    )


@login_required
def decision_execution(request: HttpRequest, decision_id: int) -> HttpResponse:
    principal = principal_of(request)
    decision = access_decision(principal, decision_id, write=True)
    form = ExecutionForm(
        request.POST or None,
        initial={"status": decision.execution_status, "note": decision.execution_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision_set_execution(
                decision=decision,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision's execution was updated."))
            return redirect("governance:decision-list", body_id=decision.meeting.body_id)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Execution: %(text)s") % {"text": decision.text[:80]},
            "cancel_url": f"/governance/bodies/{decision.meeting.body_id}/decisions/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.is_authenticated and not principal.is_participant_only)
    today = timezone.localdate()
    return render(
        request,
        "governance/delegation_list.html",
        {
            "delegations": Delegation.objects.filter(cooperative_id=principal.cooperative_id or 0)
            .select_related("to_body")
            .order_by("to_kind", "matter_kind", "-valid_from"),
            "active": set(
                delegations_active(principal.cooperative_id or 0, today).values_list(
                    "pk", flat=True
                )
            ),
            "can_delegate": can_delegate(principal),
        },
    )


@login_required
def delegation_create_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(can_delegate(principal))
    cooperative = Cooperative.objects.get(pk=principal.cooperative_id or 0)
    bodies = [
        (b.pk, b.name)
        for b in Body.objects.filter(
            cooperative=cooperative, kind__in=["unit_meeting", "weekly", "daily"]
        ).order_by("name")
    ]
    form = DelegationForm(
        request.POST or None, bodies=bodies, initial={"valid_from": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        body_id = data.pop("to_body")
        try:
            delegation_create(
                cooperative=cooperative,
                acting_user=request.user,
                to_body=Body.objects.filter(pk=body_id, cooperative=cooperative).first()
                if body_id
                else None,
                **data,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The delegation was recorded."))
            return redirect("governance:delegation-list")
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("New delegation"),
            "cancel_url": "/governance/delegations/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def statutes_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_statutes(principal)
    _ensure_setup(principal.cooperative_id)
    statutes = statutes_of(principal.cooperative_id or 0)
    return render(
        request,
        "governance/statutes.html",
        {
            "statutes": statutes,
            "rules": statutes.body_rules.order_by("pk"),
            "qualified": statutes.qualified_majorities.order_by("pk"),
            "can_edit": principal.is_admin or is_board(principal),
        },
    )


__all__ = ["Matter"]

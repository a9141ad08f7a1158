from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.core.forms import DateInput
from koop.governance.models import (
    DELEGATED_KINDS,
    BodyRule,
    DecisionManner,
    ExecutionStatus,
    MatterKind,
    MeetingKind,
    SeatRole,
    Statutes,
    SubmissionKind,
    VoteMethod,
)
from koop.governance.services.setup import template_section_names


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class MatterForm(forms.Form):
    submission = forms.ChoiceField(label=_("Submitted as"), choices=SubmissionKind.choices)
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=300)
    text = forms.CharField(
        label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    matter_kind = forms.ChoiceField(label=_("Kind of matter"), choices=MatterKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (SEK)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    document = forms.FileField(label=_("Document"), required=False)


class VoteOpenForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int, required=False)
    question = forms.CharField(label=_("Question"), max_length=300, required=False)
    method = forms.ChoiceField(label=_("Method"), choices=VoteMethod.choices)
    candidates = forms.TypedMultipleChoiceField(
        label=_("Candidates (an election)"), coerce=int, required=False
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, initial=1)

    def __init__(
        self,
        *args: object,
        items: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]
        self.fields["candidates"].choices = people  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    vote = forms.TypedChoiceField(label=_("After the vote"), coerce=int, required=False)
    manner = forms.ChoiceField(
        label=_("Or decided"),
        required=False,
        choices=[
            ("", "—"),
            (DecisionManner.UNANIMOUS.value, DecisionManner.UNANIMOUS.label),
            (DecisionManner.CONSENSUS.value, DecisionManner.CONSENSUS.label),
        ],
    )
    matter_kind = forms.ChoiceField(label=_("Kind of matter"), choices=MatterKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (SEK)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    responsible = forms.TypedChoiceField(label=_("Responsible"), coerce=int, required=False)
    due_on = forms.DateField(label=_("Due"), widget=DateInput(), required=False)
    reservation_by = forms.TypedChoiceField(label=_("Reservation by"), coerce=int, required=False)
    reservation_text = forms.CharField(label=_("Reason for the reservation"), required=False)

    def __init__(
        self,
        *args: object,
        votes: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["vote"].choices = [("", "—"), *votes]  # type: ignore[attr-defined]
        self.fields["responsible"].choices = [("", "—"), *people]  # type: ignore[attr-defined]
        self.fields["reservation_by"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class ExecutionForm(forms.Form):
    status = forms.ChoiceField(label=_("Execution"), choices=ExecutionStatus.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 30}))


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("The board's statement"), widget=forms.Textarea(attrs={"rows": 6})
    )


class TemplateForm(forms.Form):
    items = forms.CharField(
        label=_("Items, one a line"),
        widget=forms.Textarea(attrs={"rows": 18}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].help_text = _(
            "A line may end in a section Koop fills in itself: %(sections)s."
        ) % {"sections": ", ".join(template_section_names())}


class DelegationForm(forms.Form):
    to_kind = forms.ChoiceField(
        label=_("To"),
        choices=[
            ("unit_meeting", _("Unit meeting (VS)")),
            ("weekly", _("Weekly meeting")),
            ("daily", _("Daily meeting")),
        ],
    )
    to_body = forms.TypedChoiceField(label=_("Only this body"), coerce=int, required=False)
    matter_kind = forms.ChoiceField(
        label=_("Kind of matter"),
        choices=[(k.value, k.label) for k in MatterKind if k in DELEGATED_KINDS],
    )
    max_amount = forms.DecimalField(
        label=_("Up to (SEK)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_until = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: object, bodies: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_body"].choices = [("", "—"), *bodies]  # type: ignore[attr-defined]


class _PeopleForm(forms.Form):
    """A form whose person fields choose among ``people`` (id, name)."""

    person_fields: tuple[str, ...] = ()

    def __init__(self, *args: object, people: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in self.person_fields:
            self.fields[name].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class OfficersForm(_PeopleForm):
    person_fields = ("chair", "secretary", "adjuster_1", "adjuster_2")
    chair = forms.TypedChoiceField(label=_("Chair of the meeting"), coerce=int, required=False)
    secretary = forms.TypedChoiceField(label=_("Secretary"), coerce=int, required=False)
    adjuster_1 = forms.TypedChoiceField(
        label=_("Adjuster and vote counter"), coerce=int, required=False
    )
    adjuster_2 = forms.TypedChoiceField(
        label=_("Second adjuster and vote counter"), coerce=int, required=False
    )


class ProxyForm(_PeopleForm):
    person_fields = ("member", "holder")
    member = forms.TypedChoiceField(label=_("Member represented"), coerce=int)
    holder = forms.TypedChoiceField(label=_("Proxy holder (present)"), coerce=int)


class BoardSeatForm(_PeopleForm):
    person_fields = ("person",)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices)
    started_on = forms.DateField(label=_("From"), widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)


class BoardSeatEditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices)
    started_on = forms.DateField(label=_("From"), widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)


class ElectionSeatsForm(forms.Form):
    vote = forms.TypedChoiceField(label=_("Election at the general assembly"), coerce=int)
    role = forms.ChoiceField(
        label=_("Elected as"),
        choices=[(r.value, r.label) for r in (SeatRole.MEMBER, SeatRole.DEPUTY, SeatRole.CHAIR)],
    )
    ended_on = forms.DateField(label=_("Term ends"), widget=DateInput())

    def __init__(self, *args: object, votes: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["vote"].choices = votes  # type: ignore[attr-defined]


class _ServiceValidatedForm(forms.ModelForm):
    """The model's fields as a form; the service validates the model and names the field
    (the database's constraints would otherwise answer above the form, naming none)."""

    def _post_clean(self) -> None:
        pass


class StatutesForm(_ServiceValidatedForm):
    class Meta:
        model = Statutes
        fields = ["motion_deadline_days", "unit_voters", "tie_rule"]


class BodyRuleForm(_ServiceValidatedForm):
    class Meta:
        model = BodyRule
        fields = [
            "notice_min_days",
            "notice_max_days",
            "extra_notice_min_days",
            "matter_deadline_days",
            "quorum_percent",
            "quorum_exceeds",
            "proxies_allowed",
            "max_proxies_per_holder",
            "default_decision_rule",
        ]

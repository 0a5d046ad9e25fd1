"""Forms for outcome events: record one (phone first: one column, native date inputs) and
void one with a reason. The service checks every rule; the form only shapes the input."""

from __future__ import annotations

from typing import Any

from django import forms

from missioncj.core.forms import DateInput
from missioncj.outcomes.models import OutcomeKind, OutcomeSource
from missioncj.participants.models import Episode
from missioncj.participants.policies import can_work_in


def work_episodes(user: Any, participant: Any) -> list[Episode]:
    """Episodes of the participant the user may see and work in, newest first."""
    rows = (
        Episode.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )
    return [e for e in rows if can_work_in(user, e.program, e.team)]


class EpisodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.program.name} · referred {obj.referral_date:%-d %b %Y}"


class OutcomeEventForm(forms.Form):
    episode = EpisodeChoice(
        queryset=Episode.objects.none(),
        to_field_name="public_id",
        label="Episode",
        help_text="The program episode this is recorded under.",
    )
    kind = forms.ChoiceField(choices=[("", "Choose…"), *OutcomeKind.choices], label="What happened")
    occurred_on = forms.DateField(widget=DateInput(), label="Day it happened (or started)")
    ended_on = forms.DateField(
        widget=DateInput(), required=False, label="Release day (incarceration only)"
    )
    nights = forms.IntegerField(
        min_value=0,
        required=False,
        label="Nights incarcerated (incarceration only)",
        help_text="Leave empty to count the nights from the start to the release day.",
    )
    detail = forms.CharField(
        max_length=300,
        required=False,
        label="Detail",
        help_text="Charge, new housing, new job, cause …",
    )
    source = forms.ChoiceField(
        choices=[("", "Choose…"), *OutcomeSource.choices], label="Where this came from"
    )
    source_detail = forms.CharField(
        max_length=200, required=False, label="Source detail", help_text="Record number, who told"
    )

    def __init__(self, *args: Any, episodes: list[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["episode"]
        field.queryset = Episode.objects.filter(  # type: ignore[attr-defined]
            pk__in=[e.pk for e in episodes]
        ).select_related("program")
        self.only = episodes[0] if len(episodes) == 1 else None
        if self.only is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.only.public_id
            field.required = False

    def clean_episode(self) -> Episode | None:
        return self.cleaned_data.get("episode") or self.only


class VoidForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why is this event wrong?",
        help_text="The event stays on the record, struck through, with this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

from __future__ import annotations

from django import forms

from missioncj.programs.models import Program
from missioncj.programs.services import SETTINGS_FIELDS


class ProgramSettingsForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = SETTINGS_FIELDS
        labels = {
            "cti_transition_months": "Transition phase (months)",
            "cti_tryout_months": "Try-out phase (months)",
            "cti_transfer_months": "Transfer-of-care phase (months)",
            "cti_transition_contact_days": "Transition: one CTI contact every … days",
            "cti_tryout_contact_days": "Try-out: one CTI contact every … days",
            "cti_transfer_contact_days": "Transfer of care: one CTI contact every … days",
            "plan_review_days": "Treatment-plan review every … days",
        }

"""Form helpers: service ValidationErrors shown next to the right field, one submit shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Service error keys that are named differently on a form.
_ALIASES = {"on": "date"}


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, field_messages in error.message_dict.items():
        name = _ALIASES.get(key, key)
        form.add_error(name if name in form.fields else None, field_messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)  # type: ignore[arg-type]


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], Any],
    *,
    done: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
) -> HttpResponse | None:
    """The one shape of every form view: on a valid POST call the service with the cleaned
    data, then say what happened and redirect; a service's ValidationError is shown next to the
    fields instead. None means: render the form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(then(result) if callable(then) else then)

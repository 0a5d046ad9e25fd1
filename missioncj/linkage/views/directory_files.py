"""HSDS files for a program's directory: the import page (directors and supervisors; a file
with any problem is refused whole and each problem listed) and the downloads (every staff
member who sees the directory)."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from missioncj.core.forms import attach_errors
from missioncj.linkage.directory_access import program_for
from missioncj.linkage.hsds.exports import CONTENT_TYPES, export_directory, file_name
from missioncj.linkage.hsds.imports import ImportRefused, format_of, import_directory

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    source = forms.CharField(
        label="Source name",
        max_length=200,
        help_text="e.g. “Harbor County 211”. Importing again under the same name updates it.",
    )
    file = forms.FileField(
        label="HSDS file", help_text="HSDS JSON (.json) or a zip of HSDS CSV files (.zip)"
    )


@login_required
def directory_import(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="import")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "This file is too large (20 MB at most).")
        else:
            data = upload.read()
            try:
                result = import_directory(
                    actor=request.user,
                    program=program,
                    source_name=form.cleaned_data["source"],
                    data=data,
                    fmt=format_of(data, upload.name or ""),
                )
            except ImportRefused as exc:
                problems = exc.problems
                form.add_error(
                    "file", f"Nothing was imported: {len(problems)} problem(s), listed below."
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                c = result.counts
                messages.success(
                    request,
                    f"Imported “{result.source.name}”: {c.total('created')} added, "
                    f"{c.total('updated')} updated, {c.total('unchanged')} unchanged, "
                    f"{c.total('retired')} retired.",
                )
                return redirect(reverse("linkage:directory", args=[program.public_id]))
    context = {
        "form": form,
        "program": program,
        "title": "Import a directory file",
        "submit": "Import",
        "back_url": reverse("linkage:directory", args=[program.public_id]),
        "back_label": f"Directory · {program.name}",
        "intro": "Everything in the file is checked first; if any row has a problem nothing "
        "is imported. Entries no longer in the file are retired, not deleted.",
        "multipart": True,
        "problems": problems,
    }
    return render(
        request, "linkage/directory_form.html", context, status=422 if form.errors else 200
    )


@login_required
def directory_export(request: HttpRequest, program_id: UUID, fmt: str) -> HttpResponse:
    program = program_for(request.user, program_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    data = export_directory(actor=request.user, program=program, fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(program, fmt)}"'
    return response


urlpatterns = [
    path("programs/<uuid:program_id>/directory/import/", directory_import, name="directory_import"),
    path(
        "programs/<uuid:program_id>/directory/export/<str:fmt>/",
        directory_export,
        name="directory_export",
    ),
]

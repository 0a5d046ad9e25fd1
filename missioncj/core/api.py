"""Shared pieces of the JSON API: paging and the 422 error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


def page_of(queryset: QuerySet[Any], query: PageQuery) -> tuple[int, list[Any]]:
    count = queryset.count()
    start = (query.page - 1) * query.page_size
    return count, list(queryset[start : start + query.page_size])


def validation_details(error: ValidationError) -> list[dict[str, Any]]:
    """Service errors in the same shape ninja uses for schema errors: loc / msg / type."""
    if not hasattr(error, "error_dict"):
        return [
            {"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error.messages
        ]
    return [
        {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
        for field, messages in error.message_dict.items()
        for message in messages
    ]

"""The OpenAPI schema, true to what the API answers (drf-spectacular).

Business rule: every operation documents the errors it can give, with their bodies, so a
client (and the schemathesis run in CI) can rely on the schema:
- 400 on a write: field name → list of messages (or `detail`/`non_field_errors`);
- 403 (not signed in, wrong role, two-factor needed) and 429 (rate limit): `{"detail": ...}`;
- 404 on any operation with a path parameter (outside scope answers like missing);
- 409 on an update or delete of a versioned record: `{"detail", "current_version"}`, and on
  creating a young person who may already be recorded.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

DETAIL = inline_serializer(name="ErrorDetail", fields={"detail": serializers.CharField()})
CONFLICT = inline_serializer(
    name="EditConflict",
    fields={
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(allow_null=True, required=False),
        "possible_duplicates": serializers.ListField(
            child=serializers.IntegerField(), required=False
        ),
    },
)


def _validation_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Each field that was refused, with its messages.",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {}},
                {"type": "string"},
                {"type": "object"},
            ]
        },
    }


class SaferSchoolsAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        method = self.method.upper()
        extra: dict[str, Any] = {"403": DETAIL, "429": DETAIL}
        if "{" in self.path or self._has_query_filters():
            extra["404"] = DETAIL  # a record out of scope, or a page past the end of a list
        if method in {"POST", "PUT", "PATCH", "DELETE"} or self._has_query_filters():
            extra["400"] = None
        if method in {"PUT", "PATCH", "DELETE", "POST"}:
            extra["409"] = CONFLICT
        for code, body in extra.items():
            if code in responses:
                continue
            if body is None:
                responses[code] = {
                    "content": {"application/json": {"schema": _validation_schema()}},
                    "description": "The request was refused: see each field's messages.",
                }
            else:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses

    def _has_query_filters(self) -> bool:
        return bool(getattr(self.view, "filterset_class", None)) or bool(
            getattr(self.view, "pagination_class", None)
        )

"""Oversight API: the monthly report's published (suppressed) tables as JSON.

GET /api/oversight/report/YYYY-MM/  force version: co-ordinator, inspector, sergeants (audited)
GET /api/oversight/public/YYYY-MM/  public version: anyone, for months that have ended

Hidden figures are null with "suppressed": true; the same figures as the HTML, PDF and CSV.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferschools.accounts.choices import Action
from saferschools.accounts.permissions import RoleRequired

from ..periods import Month
from ..permissions import REPORT_ROLES
from ..report import Report
from ..views import _report, audit_report


def report_json(report: Report) -> dict[str, Any]:
    return {
        "month": report.month.key,
        "version": "public" if report.public else "force",
        "window": {"from": report.window.start, "to": report.window.end},
        "generated_at": report.generated_at,
        "suppression": {"threshold": 5, "marker": "[c]"},
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "tables": [
                    {
                        "key": t.key,
                        "title": t.title,
                        "row_header": t.row_header,
                        "columns": t.columns,
                        "rows": [
                            {
                                "label": r.label,
                                "total": r.is_total,
                                "cells": [
                                    {
                                        "text": c.text,
                                        "kind": c.kind,
                                        "value": None if c.suppressed else _plain(c.value),
                                        "suppressed": c.suppressed,
                                    }
                                    for c in r.cells
                                ],
                            }
                            for r in t.rows
                        ],
                    }
                    for t in s.tables
                ],
            }
            for s in report.sections
        ],
    }


def _plain(v: Any) -> Any:
    return v if isinstance(v, int | float | str) or v is None else str(v)


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404 from None


class ReportView(APIView):
    permission_classes = [RoleRequired.of(*REPORT_ROLES)]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, month: str) -> Response:
        m = _month(month)
        report = _report(m, public=False)
        details = {"format": "json", "version": "force"}
        audit_report(
            request._request, m, Action.EXPORT, "Monthly oversight report (API)", "force", details
        )
        return Response(report_json(report))


class PublicReportView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, month: str) -> Response:
        m = _month(month)
        if not m.has_ended:
            raise Http404
        return Response(report_json(_report(m, public=True)))

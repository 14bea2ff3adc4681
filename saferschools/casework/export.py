"""Subject access: everything held on one child in one readable, self-contained HTML file.

Business rule: the export holds every record of that child — soft-deleted ones too, since they
are still held until retention removes them — and nothing about another child: linked children
and peers in a concern appear only as "another young person (details withheld)". Free text may
still name third parties: the disclosure officer reads it before release (said in the file).
Each export is audited as an export with its purpose.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.core.subject_access import sections_for

from .display import display_rows
from .models import Concern, YoungPerson
from .permissions import require_export
from .registry import CHILD_KINDS


def subject_access_data(young_person: YoungPerson) -> dict[str, Any]:
    sections = []
    for kind in CHILD_KINDS:  # a section per kind of record about a child, oldest first
        title, model, order = kind.plural, kind.model, kind.order[0].lstrip("-")
        records = []
        for obj in model.all_objects.filter(young_person=young_person).order_by(order, "pk"):
            rows = display_rows(obj)
            if isinstance(obj, Concern):
                n = obj.peers.count()
                if n:
                    rows.append(
                        (
                            "Other young people in this concern",
                            f"{n} (details withheld: third parties)",
                        )
                    )
            records.append(
                {
                    "ref": f"{model._meta.model_name}-{obj.pk}",
                    "rows": rows,
                    "deleted": obj.deleted_at,
                }
            )
        sections.append({"title": title, "records": records})
    sections += sections_for(
        first_name=young_person.first_name,
        last_name=young_person.last_name,
        date_of_birth=young_person.date_of_birth,
    )
    links = [
        lk.get_kind_display()
        for lk in [*young_person.links_out.all(), *young_person.links_in.all()]
    ]
    return {
        "yp": young_person,
        "person_rows": display_rows(young_person),
        "sections": sections,
        "links": links,
        "generated_at": timezone.now(),
    }


def subject_access_html(
    *, young_person: YoungPerson, acting_user: Any, request: HttpRequest | None = None
) -> str:
    """The export, made by a sergeant or the inspector (checked here, whatever the page did)."""
    require_export(acting_user)
    data = subject_access_data(young_person)
    with transaction.atomic():
        audit_record(
            user=acting_user,
            action="export",
            obj=young_person,
            purpose="Subject access request (UK GDPR Art. 15 / DPA 2018 s.45)",
            request=request,
            details={"records": {s["title"]: len(s["records"]) for s in data["sections"]}},
        )
    return render_to_string("casework/subject_access.html", data)

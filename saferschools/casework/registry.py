"""The kinds of casework record, each declared once (`core.kinds.RecordKind`): the pages
(`views`, `urls`), the API (`api.views`), the subject access export (`export`) and the
authorization matrix (`accounts/tests/access_table.py`) all read this table.

Business rules (who may write): school staff record young people, concerns and incidents at their
school; searches, interventions and referrals are recorded by the police roles
(`permissions`), and only those who may record a kind may delete it. Everyone in the casework
roles reads every kind within their scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import capfirst

from saferschools.core.kinds import RecordKind
from saferschools.core.records import TrackedRecord

from . import filters, forms, selectors, services
from .api import serializers as s
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson
from .permissions import CASEWORK_ROLES, POLICE_CASEWORK_ROLES


def _built(model: type[TrackedRecord], create: Callable[..., Any]) -> Callable[..., Any]:
    """For a create service that takes the record it saves: the record built from the form's or
    the API's fields."""

    def build_and_create(*, acting_user: Any, request: Any = None, **fields: Any) -> Any:
        return create(model(**fields), acting_user=acting_user, request=request)

    return build_and_create


def _kind(
    model: type[TrackedRecord],
    doc: str,
    *,
    write_roles: frozenset[Any] = POLICE_CASEWORK_ROLES,
    **fields: object,
) -> RecordKind:
    """A casework kind, named as its model is (`Concern`: key "concern", label "Concern",
    "Concerns" at `/concerns/`, newest first by the model's ordering) and served by the names
    that follow from it: `forms.ConcernForm`, `serializers.ConcernSerializer`,
    `filters.ConcernFilterSet`, `selectors.concerns`, `services.concern_create`, unless given.
    Every casework role reads it; it is changed through `services.record_update` and deleted
    (soft) through `services.record_delete`, which check the writer's role whichever door they
    come by. `write_roles`: the police unless given."""
    name, meta = model.__name__, model._meta
    key, plural = str(meta.verbose_name).replace(" ", "_"), str(meta.verbose_name_plural)
    named: dict[str, object] = {
        "form": getattr(forms, f"{name}Form"),
        "serializer": getattr(s, f"{name}Serializer"),
        "filterset": getattr(filters, f"{name}FilterSet"),
        "selector": getattr(selectors, plural.replace(" ", "_")),
        "create": fields.pop("create", None) or getattr(services, f"{key}_create"),
    }
    return RecordKind(
        key=key,
        label=capfirst(meta.verbose_name),
        plural=capfirst(plural),
        slug=plural.replace(" ", "-"),
        model=model,
        update=services.record_update,
        record_arg="obj",
        delete=services.record_delete,
        read_roles=CASEWORK_ROLES,
        write_roles=write_roles,
        order=tuple(f for f in meta.ordering if f.lstrip("-") != "id"),
        doc=doc,
        **{**named, **fields},  # type: ignore[arg-type]
    )


YOUNG_PERSON = _kind(
    YoungPerson,
    "Young people known to the programme (minimal personal data).",
    write_roles=CASEWORK_ROLES,
)

#: The records about a child, in the order the pages, the chronology and the export show them.
CHILD_KINDS: list[RecordKind] = [
    _kind(
        Concern,
        "Safeguarding concerns; closing needs the child's view.",
        write_roles=CASEWORK_ROLES,
        edit_form=forms.ConcernEditForm,
    ),
    _kind(Incident, "Incidents and the police outcome.", write_roles=CASEWORK_ROLES),
    _kind(
        Search,
        "Searches of pupils; a strip search needs an appropriate adult and an inspector's "
        "authority.",
        create=services.search_record,
    ),
    _kind(
        Intervention, "Interventions.", create=_built(Intervention, services.intervention_create)
    ),
    _kind(Referral, "Referrals and signposting, with consent or an override."),
]

KINDS: dict[str, RecordKind] = {k.key: k for k in [YOUNG_PERSON, *CHILD_KINDS]}
CHILD = {k.key: k for k in CHILD_KINDS}

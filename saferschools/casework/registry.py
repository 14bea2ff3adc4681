"""The kinds of casework record, each declared once (`core.kinds.RecordKind`): the pages
(`views`, `urls`), the API (`api.views`), the subject access export (`export`) and the
authorization matrix (`accounts/tests/access_table.py`) all read this table.

Business rules (who may write): school staff record young people, concerns and incidents at their
school; searches, interventions and referrals are recorded by the police roles
(`permissions`), and only those who may record a kind may delete it. Everyone in the casework
roles reads every kind within their scope.
"""

from __future__ import annotations

from saferschools.core.kinds import RecordKind

from . import filters, forms, selectors, services
from .api import serializers as s
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson
from .permissions import CASEWORK_ROLES, POLICE_CASEWORK_ROLES


def _kind(**fields: object) -> RecordKind:
    """A casework kind: every casework role reads it; it is changed through
    `services.record_update` and deleted (soft) through `services.record_delete`, which check
    the writer's role whichever door they come by."""
    return RecordKind(
        update=services.record_update,
        record_arg="obj",
        delete=services.record_delete,
        read_roles=CASEWORK_ROLES,
        **fields,  # type: ignore[arg-type]
    )


YOUNG_PERSON = _kind(
    key="young_person",
    label="Young person",
    plural="Young people",
    slug="young-people",
    model=YoungPerson,
    form=forms.YoungPersonForm,
    serializer=s.YoungPersonSerializer,
    filterset=filters.YoungPersonFilterSet,
    selector=selectors.young_people,
    create=services.young_person_create,
    write_roles=CASEWORK_ROLES,
    order=("last_name", "first_name"),
    doc="Young people known to the programme (minimal personal data).",
)

#: The records about a child, in the order the pages, the chronology and the export show them.
CHILD_KINDS: list[RecordKind] = [
    _kind(
        key="concern",
        label="Concern",
        plural="Concerns",
        slug="concerns",
        model=Concern,
        form=forms.ConcernForm,
        edit_form=forms.ConcernEditForm,
        serializer=s.ConcernSerializer,
        filterset=filters.ConcernFilterSet,
        selector=selectors.concerns,
        create=services.concern_create,
        write_roles=CASEWORK_ROLES,
        order=("-raised_at",),
        doc="Safeguarding concerns; closing needs the child's view.",
    ),
    _kind(
        key="incident",
        label="Incident",
        plural="Incidents",
        slug="incidents",
        model=Incident,
        form=forms.IncidentForm,
        serializer=s.IncidentSerializer,
        filterset=filters.IncidentFilterSet,
        selector=selectors.incidents,
        create=services.incident_create,
        write_roles=CASEWORK_ROLES,
        order=("-occurred_at",),
        doc="Incidents and the police outcome.",
    ),
    _kind(
        key="search",
        label="Search",
        plural="Searches",
        slug="searches",
        model=Search,
        form=forms.SearchForm,
        serializer=s.SearchSerializer,
        filterset=filters.SearchFilterSet,
        selector=selectors.searches,
        create=services.search_record,
        write_roles=POLICE_CASEWORK_ROLES,
        order=("-searched_at",),
        doc="Searches of pupils; a strip search needs an appropriate adult and an inspector's "
        "authority.",
    ),
    _kind(
        key="intervention",
        label="Intervention",
        plural="Interventions",
        slug="interventions",
        model=Intervention,
        form=forms.InterventionForm,
        serializer=s.InterventionSerializer,
        filterset=filters.InterventionFilterSet,
        selector=selectors.interventions,
        create=services.intervention_create,
        write_roles=POLICE_CASEWORK_ROLES,
        order=("-start_date",),
        doc="Interventions.",
    ),
    _kind(
        key="referral",
        label="Referral",
        plural="Referrals",
        slug="referrals",
        model=Referral,
        form=forms.ReferralForm,
        serializer=s.ReferralSerializer,
        filterset=filters.ReferralFilterSet,
        selector=selectors.referrals,
        create=services.referral_create,
        write_roles=POLICE_CASEWORK_ROLES,
        order=("-made_on",),
        doc="Referrals and signposting, with consent or an override.",
    ),
]

KINDS: dict[str, RecordKind] = {k.key: k for k in [YOUNG_PERSON, *CHILD_KINDS]}
CHILD = {k.key: k for k in CHILD_KINDS}

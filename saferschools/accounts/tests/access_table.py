"""THE table of who may reach which URL: one row per URL name, walked by
`test_authorization_matrix.py` for every role, for a record inside and one outside the user's
scope. Every URL in the project must have a row here (the test fails, naming the URL, until
it does). Add your app's rows to ACCESS, and a KINDS entry for any new kind of record your URLs
take an id of.

A row:

    "casework:concern_detail": allow(*CHILD_ROLES, needs="concern"),

- the roles listed may use the URL (for a record in their scope, when `needs` is given);
- `needs` names the kind of record the URL's parameters identify (a KINDS key): the test
  builds one inside and one outside each user's scope and fills the URL's parameters from
  the record's attributes (`<int:pk>` gets `record.pk`, `<code>` gets `record.code`, ...);
- on the record outside their scope only the kind's `everywhere` roles (e.g. the inspector)
  are still allowed, unless the row says otherwise with `outside=`;
- `public=True`: anonymous visitors allowed too; `method="post"` (with `data`) for POST-only;
  `ends_session=True` for sign-out URLs (being sent to the sign-in page is their success);
- `gate_only=True`: for listed roles the test checks only that they pass the sign-in gate
  (used for the Django admin, where model permissions decide the rest).

Allowed means 2xx, or a redirect that is not to a sign-in page. Denied means 401, 403, 404,
or a redirect to a sign-in page; a denial to a signed-in user must also write an audit entry
with outcome "denied". Names: "namespace:name" for web pages, the router's basename names for
the API ("school-detail"). A key ending in ":*" covers a whole namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from saferschools.accounts.choices import ALL_ROLES, CHILD_ROLES, Role
from saferschools.casework.registry import CHILD_KINDS as CASEWORK_CHILD_KINDS
from saferschools.engagement.registry import KINDS as ENGAGEMENT_KINDS

EVERYONE = frozenset(ALL_ROLES)  # every signed-in role
POLICE_CHILD_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
SCHOOL_WIDE = frozenset({Role.INSPECTOR, Role.COORDINATOR, Role.SYSADMIN})  # see every school
OVERSIGHT = (Role.COORDINATOR, Role.INSPECTOR, Role.SERGEANT)  # aggregate figures


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    needs: str | None = None
    outside: frozenset[str] | None = None
    public: bool = False
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    gate_only: bool = False
    ends_session: bool = False  # sign-out: being sent to the sign-in page is success
    note: str = ""


def allow(
    *roles: str,
    needs: str | None = None,
    outside: set[str] | frozenset[str] | None = None,
    public: bool = False,
    method: str = "get",
    data: dict[str, Any] | None = None,
    gate_only: bool = False,
    ends_session: bool = False,
    note: str = "",
) -> Access:
    return Access(
        frozenset(roles),
        needs,
        frozenset(outside) if outside is not None else None,
        public,
        method,
        data or {},
        gate_only,
        ends_session,
        note,
    )


def public(**kw: Any) -> Access:
    return allow(*EVERYONE, public=True, **kw)


@dataclass
class World:
    """What the matrix builds before walking the URLs: two schools in different districts;
    every role's user sees `school_in` (through their own scope) and not `school_out` (unless
    their role sees every school). `users[role]` is that role's user; `other_user` is an
    account for the administrator's pages."""

    school_in: Any
    school_out: Any
    users: dict[str, Any]
    other_user: Any
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """How to make a record of this kind inside and outside the users' scope."""

    build: Callable[[World], tuple[Any, Any]]
    everywhere: frozenset[str] = SCHOOL_WIDE  # roles for whom the "outside" record is in scope


def _young_people(w: World) -> tuple[Any, Any]:
    """A child at each school (casework's own builder, recorded by the inspector)."""
    from types import SimpleNamespace

    from saferschools.casework.tests.helpers import make_child

    by = w.users[Role.INSPECTOR]
    return (
        make_child(SimpleNamespace(school=w.school_in, officer=by), "Zephyrine", "Quillfeather"),
        make_child(SimpleNamespace(school=w.school_out, officer=by), "Barnaby", "Outerscope"),
    )


def _casework_pair(kind: str, w: World) -> tuple[Any, Any]:
    """A casework or engagement record at each school (casework's own builder)."""
    from saferschools.casework.tests.helpers import record_pair

    return record_pair(kind, w)


def _resources(w: World) -> tuple[Any, Any]:
    """Two resources with an approved version (resources belong to no school: every role
    that may use the library sees both)."""
    from saferschools.frontdoor.services import resource_approve, resource_create

    by = w.users[Role.INSPECTOR]
    out = []
    for title in ("Matrix knife crime", "Matrix online safety"):
        v = resource_create(
            acting_user=by,
            title=title,
            topic="knife_crime",
            age_min=11,
            age_max=16,
            content="Key messages.",
        )
        resource_approve(acting_user=by, version=v)
        out.append(v.resource)
    return out[0], out[1]


def _resource_drafts(w: World) -> tuple[Any, Any]:
    """Two draft resource versions (for the approve URL)."""
    from saferschools.frontdoor.services import resource_create

    by = w.users[Role.INSPECTOR]
    return tuple(  # type: ignore[return-value]
        resource_create(
            acting_user=by, title=t, topic="bullying", age_min=11, age_max=16, content="Draft."
        )
        for t in ("Matrix draft one", "Matrix draft two")
    )


def _plans(w: World) -> tuple[Any, Any]:
    """Two saved plans (allocation's builder). Plans belong to no school; their schools are not
    in the register, so adopting one is refused and walking the URLs changes nobody's schools."""
    from saferschools.testing.allocation import plan_pair

    return plan_pair(w.users[Role.INSPECTOR])


def _scenarios(w: World) -> tuple[Any, Any]:
    """Two redeployment scenarios of a draft plan (committing them is refused)."""
    from saferschools.testing.allocation import scenario_pair

    return scenario_pair(w.users[Role.INSPECTOR])


def _jobs(w: World) -> tuple[Any, Any]:
    """A finished job (with a file) started by the administrator, and one started by someone
    else. A person sees only the jobs they started (core/tests/test_jobs.py); the administrator
    sees every job."""
    from saferschools.core.jobs.files import job_output_dir

    jobs = _job_pair(
        w, Role.SYSADMIN, "oversight.report", {"summary": "Done", "files": ["report.csv"]}
    )
    for job in jobs:
        (job_output_dir(job.pk) / "report.csv").write_text("a,b\n")
        job.name = "report.csv"
    return jobs[0], jobs[1]


def _job_pair(w: World, starter: str, kind: str, result: dict[str, Any]) -> list[Any]:
    """A finished job of ``kind`` started by ``starter``'s user, and one started by someone else."""
    from saferschools.core.jobs.models import Job

    return [
        Job.objects.create(
            kind=kind, title="Matrix job", started_by=by, state=Job.State.SUCCEEDED, result=result
        )
        for by in (w.users[starter], w.other_user)
    ]


def _england_jobs(w: World) -> tuple[Any, Any]:
    """A finished England plan started by the inspector, and one started by someone else (a
    person sees only the jobs they started)."""
    jobs = _job_pair(
        w, Role.INSPECTOR, "allocation.england", {"summary": "Done", "england": {"forces": []}}
    )
    for job in jobs:
        job.job_id = job.pk
    return jobs[0], jobs[1]


def _messages(w: World) -> tuple[Any, Any]:
    """A failed message the administrator sent, and one someone else sent (a person sees the
    messages they sent or received: core/tests/test_messages_smtp.py)."""
    from saferschools.core.messaging.models import OutboundMessage

    return tuple(  # type: ignore[return-value]
        OutboundMessage.objects.create(
            to_address="office@matrix.example.sch.uk",
            subject="Matrix letter",
            body_text="Dear Head",
            topic="matrix",
            sent_by=by,
            state=OutboundMessage.State.FAILED,
            last_error="No address",
        )
        for by in (w.users[Role.SYSADMIN], w.other_user)
    )


PLAN_READERS = frozenset({Role.INSPECTOR, Role.SERGEANT, Role.COORDINATOR})


#: Children's first and last names seeded by `young_person` (no co-ordinator page may show them).
SEEDED_CHILD_NAMES = ("Zephyrine", "Quillfeather", "Barnaby", "Outerscope")
CHILD_EVERYWHERE = frozenset({Role.INSPECTOR})  # sees every school's children


def _month() -> Any:
    """The last month that has ended, as `.month` (the oversight URLs' parameter)."""
    from types import SimpleNamespace

    from saferschools.oversight.periods import Month

    return SimpleNamespace(month=Month.current().shift(-1).key)


KINDS: dict[str, Kind] = {
    "school": Kind(lambda w: (w.school_in, w.school_out)),
    # Jobs and messages belong to who started or sent them; the administrator sees all.
    "job": Kind(_jobs, everywhere=frozenset({Role.SYSADMIN})),
    "message": Kind(_messages, everywhere=frozenset({Role.SYSADMIN})),
    # An England plan is its starter's (the inspector's) job.
    "england_job": Kind(_england_jobs, everywhere=frozenset()),
    "district": Kind(lambda w: (w.school_in.district, w.school_out.district)),
    # Accounts have no school scope: the administrator sees every one.
    "user": Kind(lambda w: (w.other_user, w.users[Role.INSPECTOR]), everywhere=EVERYONE),
    "young_person": Kind(_young_people, everywhere=CHILD_EVERYWHERE),
    # Plans and scenarios have no school scope: every plan reader sees every one.
    "plan": Kind(_plans, everywhere=EVERYONE),
    "scenario": Kind(_scenarios, everywhere=EVERYONE),
    "resource": Kind(_resources, everywhere=EVERYONE),
    "resource_version": Kind(_resource_drafts, everywhere=EVERYONE),
    # A report month has no school scope: the same month inside and outside.
    "month": Kind(lambda w: (_month(), _month()), everywhere=EVERYONE),
    **{
        kind: Kind(
            (lambda k: lambda w: _casework_pair(k, w))(kind),
            everywhere=CHILD_EVERYWHERE
            if kind
            in {"concern", "incident", "search", "intervention", "referral", "request", "contact"}
            else SCHOOL_WIDE,
        )
        for kind in [
            "concern",
            "incident",
            "search",
            "intervention",
            "referral",
            "contact",
            "request",
            "session",
            "activity",
        ]
    },
}


ACCESS: dict[str, Access] = {
    # core
    "core:home": allow(*EVERYONE),
    "core:healthz": public(),
    "core:inbox": allow(*EVERYONE),
    "core:inbox_read": allow(*EVERYONE, method="post"),
    "core:preferences": allow(*EVERYONE),
    "core:outbox": allow(*EVERYONE),
    "core:message": allow(Role.SYSADMIN, needs="message", note="the sender's (or recipient's)"),
    "core:message-retry": allow(Role.SYSADMIN, needs="message", method="post"),
    "core:jobs": allow(*EVERYONE),
    "core:job": allow(Role.SYSADMIN, needs="job", note="the starter's own (here the admin's)"),
    "core:job-status": allow(Role.SYSADMIN, needs="job"),
    "core:job-file": allow(Role.SYSADMIN, needs="job"),
    "core:job-cancel": allow(Role.SYSADMIN, needs="job", method="post"),
    # estate (schools are not children's records: every role sees the schools in its scope)
    "estate:school_list": allow(*EVERYONE),
    "estate:school_detail": allow(*EVERYONE, needs="school"),
    "estate:school_contacts": allow(*EVERYONE, needs="school"),
    "school-list": allow(*EVERYONE),
    "school-detail": allow(*EVERYONE, needs="school"),
    "district-list": allow(*EVERYONE),
    "district-detail": allow(*EVERYONE, needs="district"),
    # maps: outlines are public geography; the schools drawn are the user's own scope
    "estate:map_force": allow(*EVERYONE),
    "estate:map_england": allow(*EVERYONE),
    "estate:map_district": allow(*EVERYONE, needs="district", outside=EVERYONE),
    # accounts
    "accounts:login": public(note="signed-in users are sent on to the home page"),
    "accounts:logout": public(method="post", ends_session=True),
    "accounts:otp_verify": allow(*EVERYONE),
    "accounts:otp_setup": allow(*EVERYONE),
    "accounts:account": allow(*EVERYONE),
    "accounts:password_change": allow(*EVERYONE),
    "accounts:user_list": allow(Role.SYSADMIN),
    "accounts:user_detail": allow(Role.SYSADMIN, needs="user"),
    "accounts:user_action": allow(
        Role.SYSADMIN, needs="user", method="post", data={"action": "unlock"}
    ),
    "audit:list": allow(Role.INSPECTOR),
    "audit:export": allow(Role.INSPECTOR),
    "api-me": allow(*EVERYONE),
    # API plumbing
    "api-root": allow(*EVERYONE),
    "schema": public(note="the OpenAPI description names endpoints, never data"),
    # casework: children's records, never for the co-ordinator or the administrator
    "casework:home": allow(*CHILD_ROLES),
    "casework:young_person_list": allow(*CHILD_ROLES),
    "casework:young_person_detail": allow(*CHILD_ROLES, needs="young_person"),
    "casework:chronology": allow(*CHILD_ROLES, needs="young_person"),
    "casework-young-person-list": allow(*CHILD_ROLES),
    "casework-young-person-detail": allow(*CHILD_ROLES, needs="young_person"),
    "casework-young-person-chronology": allow(*CHILD_ROLES, needs="young_person"),
    # casework: records about a child (rows added by casework)
    "casework:young_person_create": allow(*CHILD_ROLES),
    "casework:young_person_edit": allow(*CHILD_ROLES, needs="young_person"),
    "casework:young_person_export": allow(Role.SERGEANT, Role.INSPECTOR, needs="young_person"),
    "casework:young_person_link": allow(*CHILD_ROLES, needs="young_person", method="post"),
    "casework:concern_close": allow(*CHILD_ROLES, needs="concern"),
    "casework:incident_review": allow(
        Role.SERGEANT, Role.INSPECTOR, needs="incident", method="post"
    ),
    "casework-pseudonymised-events": allow(Role.COORDINATOR, Role.SERGEANT, Role.INSPECTOR),
    # one row set per kind of record about a child, from casework's registry (the roles the
    # kind declares: casework/tests/test_registry.py holds them to the business rules)
    **{
        f"casework:{kind.key}_{page}": allow(*who, needs=needs, method=method)
        for kind in CASEWORK_CHILD_KINDS
        for page, who, needs, method in [
            ("list", kind.read_roles, None, "get"),
            ("detail", kind.read_roles, kind.key, "get"),
            ("create", kind.write_roles, "young_person", "get"),
            ("edit", kind.write_roles, kind.key, "get"),
            ("delete", kind.write_roles, kind.key, "post"),
        ]
    },
    **{
        f"casework-{kind.key}-{page}": allow(
            *kind.read_roles, needs=kind.key if page == "detail" else None
        )
        for kind in CASEWORK_CHILD_KINDS
        for page in ["list", "detail"]
    },
    # engagement (rows added by casework/engagement)
    "engagement:home": allow(*CHILD_ROLES, Role.COORDINATOR),
    "engagement:request_detail": allow(*CHILD_ROLES, needs="request"),
    "engagement-request-messages": allow(
        *CHILD_ROLES, needs="request", method="post", data={"body": "Any news?"}
    ),
    **{
        f"engagement:{kind.key}_{page}": allow(*who, needs=kind.key if page == "edit" else None)
        for kind in ENGAGEMENT_KINDS.values()
        for page, who in [
            ("list", kind.read_roles),
            ("create", kind.write_roles),
            ("edit", kind.write_roles),
        ]
    },
    **{
        f"engagement-{kind.key}-{page}": allow(
            *kind.read_roles, needs=kind.key if page == "detail" else None
        )
        for kind in ENGAGEMENT_KINDS.values()
        for page in ["list", "detail"]
    },
    # frontdoor: the public pages (no sign-in; every school's page is public, so no scope)
    "frontdoor:find": public(),
    "frontdoor:districts": public(),
    "frontdoor:about": public(),
    "frontdoor:privacy": public(),
    "frontdoor:school": public(needs="school", outside=EVERYONE),
    "frontdoor:ask": public(needs="school", outside=EVERYONE),
    "frontdoor:ask_sent": public(
        needs="school", outside=EVERYONE, note="with nothing sent it redirects to the form"
    ),
    "frontdoor:survey": public(needs="school", outside=EVERYONE),
    "frontdoor:survey_thanks": public(needs="school", outside=EVERYONE),
    # frontdoor staff pages (/resources/): the library for police and school staff (schools see
    # approved versions only); an inspector approves; the survey's figures for the co-ordinator
    # and the inspector
    "frontdoor_staff:resource_list": allow(*EVERYONE - {Role.SYSADMIN}),
    "frontdoor_staff:resource_detail": allow(*EVERYONE - {Role.SYSADMIN}, needs="resource"),
    "frontdoor_staff:resource_create": allow(Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR),
    "frontdoor_staff:version_create": allow(
        Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR, needs="resource"
    ),
    "frontdoor_staff:version_approve": allow(
        Role.INSPECTOR, needs="resource_version", method="post"
    ),
    "frontdoor_staff:delivery_list": allow(*EVERYONE - {Role.SYSADMIN}),
    "frontdoor_staff:delivery_create": allow(Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR),
    "frontdoor_staff:survey_results": allow(Role.INSPECTOR, Role.COORDINATOR),
    # oversight: aggregates for the co-ordinator, inspector and sergeants; the public report
    # (no sign-in) for months that have ended
    "oversight:home": allow(*OVERSIGHT),
    "oversight:indicators": allow(*OVERSIGHT, needs="month"),
    "oversight:fairness": allow(*OVERSIGHT),
    "oversight:disproportionality": allow(*OVERSIGHT, needs="month"),
    "oversight:stop_search": allow(*OVERSIGHT, needs="month"),
    "oversight:reviews": allow(*OVERSIGHT),
    "oversight:report_latest": allow(*OVERSIGHT),
    "oversight:report": allow(*OVERSIGHT, needs="month"),
    "oversight:report_pdf": allow(*OVERSIGHT, needs="month"),
    "oversight:report_csv": allow(*OVERSIGHT, needs="month"),
    "oversight:report_job": allow(*OVERSIGHT, needs="month", method="post"),
    "oversight:public_index": public(),
    "oversight:public_report": public(needs="month"),
    "oversight:public_report_pdf": public(needs="month"),
    "oversight:public_report_csv": public(needs="month"),
    "oversight-report": allow(*OVERSIGHT, needs="month"),
    "oversight-public-report": public(needs="month"),
    # allocation: plans and scenarios (inspector writes; sergeants and co-ordinator read)
    "allocation:plan_list": allow(*PLAN_READERS),
    "allocation:plan_create": allow(Role.INSPECTOR),
    "allocation:severity": allow(*PLAN_READERS),
    # calibration: readers see the fit; saving it as the force's default is the inspector's
    "allocation:calibrate": allow(*PLAN_READERS),
    # all of England: the inspector starts it (a background job) and reads the report
    "allocation:england": allow(Role.INSPECTOR),
    "allocation:england_report": allow(Role.INSPECTOR, needs="england_job"),
    "allocation:plan_detail": allow(*PLAN_READERS, needs="plan"),
    "allocation:plan_document": allow(*PLAN_READERS, needs="plan"),
    "allocation:plan_adopt": allow(Role.INSPECTOR, needs="plan", method="post"),
    "allocation:scenario_create": allow(Role.INSPECTOR, needs="plan"),
    "allocation:scenario_compare": allow(*PLAN_READERS, needs="plan"),
    "allocation:scenario_detail": allow(*PLAN_READERS, needs="scenario"),
    "allocation:scenario_letters": allow(*PLAN_READERS, needs="scenario"),
    "allocation:scenario_commit": allow(Role.INSPECTOR, needs="scenario", method="post"),
    "allocation-plan-list": allow(*PLAN_READERS),
    "allocation-plan-detail": allow(*PLAN_READERS, needs="plan"),
    "allocation-scenario-list": allow(*PLAN_READERS),
    "allocation-scenario-detail": allow(*PLAN_READERS, needs="scenario"),
    # Django admin: only the system administrator passes the gate; model permissions decide
    # the rest (accounts only: casework models give the administrator nothing).
    "admin:login": public(),
    "admin:logout": public(method="post", ends_session=True),
    "admin:*": allow(Role.SYSADMIN, gate_only=True),
}


# rostering: inspector everything; sergeant their team; officer themselves; no one else. The
# rows and record builders live beside the app (saferschools/rostering/testing.py).
def _rostering() -> None:
    from saferschools.testing.rostering import access_rows

    rows, kinds = access_rows()
    ACCESS.update(rows)
    KINDS.update(kinds)


_rostering()


def _encompass() -> None:
    from saferschools.encompass.tests.access import access_rows

    rows, kinds = access_rows()
    ACCESS.update(rows)
    KINDS.update(kinds)


_encompass()


# people: the administrator and the inspector; a sergeant for their team's moves. The rows and
# record builders live beside the app (saferschools/people/testing.py).
def _people() -> None:
    from saferschools.testing.people import access_rows

    rows, kinds = access_rows()
    ACCESS.update(rows)
    KINDS.update(kinds)


_people()

#: URLs that exist but have no row yet: each must get a real row in ACCESS from the app's
#: owner (delete it here when you do). The matrix skips these; a URL in neither fails.
AWAITING_ROWS: frozenset[str] = frozenset([])

__all__ = ["ACCESS", "CHILD_ROLES", "EVERYONE", "KINDS", "SCHOOL_WIDE", "Access", "Kind", "World"]


def rule_for(name: str) -> Access | None:
    if name in ACCESS:
        return ACCESS[name]
    if ":" in name:
        return ACCESS.get(name.split(":", 1)[0] + ":*")
    return None

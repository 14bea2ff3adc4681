"""Bulk on-boarding: import officers and school staff from a CSV, and export the same list.

The columns (a header row is required; order does not matter; unknown columns are refused):

=============== ========== =============================================================
column          needed     meaning
=============== ========== =============================================================
username        always     the sign-in name; the key that makes a second import an update
first_name      new people
last_name       new people
email           optional   work e-mail (invitations are sent to it; single sign-on maps it)
role            always     schools_officer, sergeant, inspector, coordinator, headteacher,
                           dsl (or the role's name as the people pages show it)
collar_number   police     the officer record to link (made if new); blank: not linked yet
rank            optional   PC, PS, INSP or STAFF (default from the role)
district        optional   the officer's district: ONS code (E07000112) or name (Folkestone
                           and Hythe)
team            optional   the collar number of the officer's sergeant
school_urn      school     the school's URN
position        optional   headteacher, dsl or deputy_dsl (default from the role)
active          optional   yes or no (default yes); no deactivates, yes reactivates
=============== ========== =============================================================

Business rules:
- every row is checked before anything is written; if any row is wrong nothing is written,
  and each problem names its line number (the header is line 1) and column;
- importing the same file twice changes nothing the second time (each row is compared with
  what is held, and only differences are written);
- a dry run lists what would change without writing;
- every person created or changed gets an audit entry, and the import one more, in the same
  transaction as the changes;
- access goes through the account services (the security rules): a new account, a role, a
  school or an officer link that sees children is a grant that waits for a second person
  (an inspector approves an administrator's import, and the reverse); switching someone off
  applies at once;
- no one is made a system administrator by a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from saferschools.accounts import services as accounts
from saferschools.accounts.audit import audit_record, audit_write
from saferschools.accounts.choices import POLICE_ROLES, SCHOOL_ROLES, Action, Role, RoleChangeStatus
from saferschools.accounts.models import RoleChange, User
from saferschools.estate.models import District, Establishment
from saferschools.workforce import services as workforce
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from .choices import SchoolPosition
from .models import SchoolStaffPost
from .permissions import can_manage

COLUMNS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "collar_number",
    "rank",
    "district",
    "team",
    "school_urn",
    "position",
    "active",
]
REQUIRED_COLUMNS = ["username", "first_name", "last_name", "role"]
IMPORTABLE_ROLES = [r for r in Role if r != Role.SYSADMIN]
_DEFAULT_RANK = {
    Role.SCHOOLS_OFFICER: Rank.CONSTABLE,
    Role.SERGEANT: Rank.SERGEANT,
    Role.INSPECTOR: Rank.INSPECTOR,
    Role.COORDINATOR: Rank.STAFF,
}
_DEFAULT_POSITION = {Role.HEADTEACHER: SchoolPosition.HEADTEACHER, Role.DSL: SchoolPosition.DSL}
_YES = {"yes", "y", "true", "1", ""}
_NO = {"no", "n", "false", "0"}


@dataclass
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RowChange:
    line: int
    username: str
    action: str  # "create", "update" or "unchanged"
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    dry_run: bool
    applied: bool = False
    rows: list[RowChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    waiting: int = 0

    @property
    def created(self) -> int:
        return sum(r.action == "create" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(r.action == "unchanged" for r in self.rows)

    def summary(self) -> str:
        if self.problems:
            return (
                f"Nothing was changed: {len(self.problems)} problem(s) in the file. "
                + "; ".join(str(p) for p in self.problems[:5])
                + ("; …" if len(self.problems) > 5 else "")
            )
        verb = "would be" if self.dry_run else "were"
        text = (
            f"{self.created} people {verb} created, {self.updated} {verb} changed, "
            f"{self.unchanged} unchanged."
        )
        if self.waiting:
            text += (
                f" {self.waiting} grant(s) of access wait for a second person to approve them "
                "(an inspector approves an administrator's, and the reverse)."
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        """As `people-import --json` prints it: the result, its counts and its summary."""
        out = asdict(self)
        out["waiting_for_approval"] = out.pop("waiting")
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        return out | counts | {"summary": self.summary()}


@dataclass
class _Row:
    line: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    collar_number: str
    rank: str
    district: District | None
    team: str
    school: Establishment | None
    position: str
    active: bool

    def place(self) -> workforce.OfficerPlace:
        """Where the row places its officer record: rank and district (the team is set once
        every row's record exists, a sergeant may be on a later line)."""
        return {"rank": self.rank, "district": self.district}


# --------------------------------------------------------------------------- reading


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            "The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'."
        ) from exc


def _role_of(value: str) -> str | None:
    v = value.strip()
    for r in Role:
        if v.lower() in {r.value, r.label.lower()}:
            return r.value
    aliases = {"dsl": Role.DSL, "officer": Role.SCHOOLS_OFFICER, "pc": Role.SCHOOLS_OFFICER}
    hit = aliases.get(v.lower())
    return hit.value if hit else None


def _district_of(value: str, districts: dict[str, District]) -> District | None:
    v = value.strip().lower()
    return districts.get(v)


def _parse(text: str, problems: list[RowProblem]) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        problems.append(RowProblem(1, "", "The file is empty: it needs a header row."))
        return []
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown:
        problems.append(
            RowProblem(
                1,
                "",
                f"Unknown column(s): {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}.",
            )
        )
    if missing:
        problems.append(RowProblem(1, "", f"Missing column(s): {', '.join(missing)}."))
    if unknown or missing:
        return []
    reader.fieldnames = header
    districts: dict[str, District] = {}
    for d in District.objects.all():
        districts[d.code.lower()] = d
        districts.setdefault(d.name.lower(), d)
    rows: list[_Row] = []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            problems.append(RowProblem(line, "", "This row has more values than the header."))
            continue
        v = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        if not any(v.values()):
            continue  # blank line
        bad = len(problems)
        exists = bool(v["username"]) and User.objects.filter(username=v["username"]).exists()
        for col in REQUIRED_COLUMNS:
            if not v[col] and not (exists and col in ("first_name", "last_name")):
                problems.append(RowProblem(line, col, f"Enter the {col.replace('_', ' ')}."))
        role = _role_of(v["role"]) if v["role"] else None
        if v["role"] and role is None:
            problems.append(RowProblem(line, "role", f"{v['role']!r} is not a role."))
        if role == Role.SYSADMIN:
            problems.append(
                RowProblem(line, "role", "A system administrator cannot be made by a file.")
            )
        if v["email"]:
            try:
                validate_email(v["email"])
            except Exception:
                problems.append(
                    RowProblem(line, "email", f"{v['email']!r} is not an e-mail address.")
                )
        rank = v["rank"].upper()
        if rank and rank not in Rank.values:
            problems.append(
                RowProblem(line, "rank", f"{v['rank']!r} is not a rank (PC, PS, INSP, STAFF).")
            )
        district = None
        if v["district"]:
            district = _district_of(v["district"], districts)
            if district is None:
                problems.append(RowProblem(line, "district", f"No district {v['district']!r}."))
        school = None
        if v["school_urn"]:
            if not v["school_urn"].isdigit():
                problems.append(RowProblem(line, "school_urn", "A URN is a number."))
            else:
                school = Establishment.objects.filter(urn=int(v["school_urn"])).first()
                if school is None:
                    problems.append(
                        RowProblem(line, "school_urn", f"No school with URN {v['school_urn']}.")
                    )
        position = v["position"].lower()
        if position and position not in SchoolPosition.values:
            problems.append(
                RowProblem(line, "position", "The position is headteacher, dsl or deputy_dsl.")
            )
        active_text = v["active"].lower()
        if active_text not in _YES | _NO:
            problems.append(RowProblem(line, "active", "Write yes or no."))
        if role in POLICE_ROLES:
            if not v["collar_number"] and (v["district"] or v["team"] or v["rank"]):
                problems.append(
                    RowProblem(
                        line,
                        "collar_number",
                        "A rank, district or team needs the officer's collar number.",
                    )
                )
            if v["school_urn"] or position:
                problems.append(
                    RowProblem(line, "school_urn", "Police roles are not linked to a school.")
                )
        if role in SCHOOL_ROLES:
            if not v["school_urn"]:
                problems.append(RowProblem(line, "school_urn", "School staff need a school URN."))
            if v["collar_number"] or v["district"] or v["team"]:
                problems.append(
                    RowProblem(
                        line,
                        "collar_number",
                        "School staff have no collar number, district or team.",
                    )
                )
            if role == Role.HEADTEACHER and position and position != SchoolPosition.HEADTEACHER:
                problems.append(
                    RowProblem(line, "position", "A headteacher's position is headteacher.")
                )
            if role == Role.DSL and position == SchoolPosition.HEADTEACHER:
                problems.append(
                    RowProblem(line, "position", "A dsl's position is dsl or deputy_dsl.")
                )
        if len(problems) > bad or role is None:
            continue
        rows.append(
            _Row(
                line=line,
                username=v["username"],
                first_name=v["first_name"],
                last_name=v["last_name"],
                email=v["email"].lower(),
                role=role,
                collar_number=v["collar_number"],
                rank=rank or _DEFAULT_RANK.get(Role(role), ""),
                district=district,
                team=v["team"],
                school=school,
                position=position or _DEFAULT_POSITION.get(Role(role), ""),
                active=active_text not in _NO,
            )
        )
    return rows


def _check_across(rows: list[_Row], problems: list[RowProblem]) -> None:
    """Duplicates within the file, clashes with other people, teams that are not sergeants."""
    seen: dict[str, dict[str, int]] = {"username": {}, "collar_number": {}, "email": {}}
    for r in rows:
        for col in seen:
            value = getattr(r, col).lower()
            if not value:
                continue
            if value in seen[col]:
                problems.append(
                    RowProblem(
                        r.line, col, f"{getattr(r, col)} is also on line {seen[col][value]}."
                    )
                )
            else:
                seen[col][value] = r.line
    usernames = {r.username for r in rows}
    for r in rows:
        if r.email:
            other = User.objects.filter(email__iexact=r.email).exclude(username=r.username).first()
            if other is not None and other.username not in usernames:
                problems.append(
                    RowProblem(r.line, "email", f"{r.email} belongs to {other.username}.")
                )
        if r.collar_number:
            held = (
                Officer.objects.filter(collar_number=r.collar_number).select_related("user").first()
            )
            if held is not None and held.user_id and held.user.username != r.username:
                problems.append(
                    RowProblem(
                        r.line,
                        "collar_number",
                        f"Collar number {r.collar_number} is linked to {held.user.username}.",
                    )
                )
    file_sergeants = {r.collar_number for r in rows if r.rank == Rank.SERGEANT}
    for r in rows:
        if not r.team:
            continue
        if r.team == r.collar_number:
            problems.append(RowProblem(r.line, "team", "An officer cannot be their own sergeant."))
        elif (
            r.team not in file_sergeants
            and not Officer.objects.filter(collar_number=r.team, rank=Rank.SERGEANT).exists()
        ):
            problems.append(
                RowProblem(r.line, "team", f"{r.team} is not the collar number of a sergeant.")
            )


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class _Access:
    role: str
    school_id: int | None
    officer: str  # collar number linked ("" none)
    active: bool


def _held_access(user: User) -> _Access:
    """What the account has, or will have once its pending grant is approved (so a second
    import of the same file proposes nothing new)."""
    pending = (
        RoleChange.objects.filter(user=user, status=RoleChangeStatus.PENDING)
        .select_related("officer")
        .first()
    )
    if pending is not None:
        return _Access(
            pending.role,
            pending.school_id,
            pending.officer.collar_number if pending.officer_id else "",
            pending.activate or pending.from_active,
        )
    officer = Officer.objects.filter(user=user).first()
    return _Access(
        user.role, user.school_id, officer.collar_number if officer else "", user.is_active
    )


def _wanted_access(r: _Row, user: User | None) -> _Access:
    collar = r.collar_number if r.role in POLICE_ROLES else ""
    if r.role in POLICE_ROLES and not collar and user is not None:
        held = Officer.objects.filter(user=user).first()  # a blank collar keeps the link
        collar = held.collar_number if held else ""
    return _Access(
        r.role,
        r.school.pk if r.school is not None and r.role in SCHOOL_ROLES else None,
        collar,
        r.active,
    )


def _differences(r: _Row, user: User | None, officer: Officer | None) -> list[str]:
    out: list[str] = []
    if user is None:
        out.append(f"new {Role(r.role).label.lower()}")
        if r.role in SCHOOL_ROLES:
            out.append(f"school: {r.school.name} ({r.school.urn})")
        if r.collar_number:
            out.append(f"linked to collar number {r.collar_number}")
    else:
        for attr in ("first_name", "last_name", "email"):
            if getattr(user, attr) != getattr(r, attr):
                out.append(
                    f"{attr.replace('_', ' ')}: {getattr(user, attr)!r} → {getattr(r, attr)!r}"
                )
        held, wanted = _held_access(user), _wanted_access(r, user)
        if held.role != wanted.role:
            out.append(f"role: {Role(held.role).label} → {Role(wanted.role).label}")
        if held.school_id != wanted.school_id and r.school is not None:
            out.append(f"school: {r.school.name} ({r.school.urn})")
        if held.officer != wanted.officer and wanted.officer:
            out.append(f"linked to collar number {wanted.officer}")
        if held.active != wanted.active:
            out.append("reactivated" if wanted.active else "deactivated")
    if r.role in SCHOOL_ROLES:
        post = getattr(user, "school_post", None) if user is not None else None
        if user is not None and getattr(post, "position", "") != r.position:
            out.append(f"position: {SchoolPosition(r.position).label}")
    if r.role in POLICE_ROLES and r.collar_number:
        if officer is None or officer.rank != r.rank:
            out.append(f"rank: {r.rank}")
        if r.district is not None and (officer is None or officer.district_id != r.district.pk):
            out.append(f"district: {r.district.name}")
        current_team = officer.sergeant.collar_number if officer and officer.sergeant_id else ""
        if r.team and current_team != r.team:
            out.append(f"team: sergeant {r.team}")
    return out


def _plan(rows: list[_Row]) -> list[RowChange]:
    out = []
    for r in rows:
        user = User.objects.filter(username=r.username).select_related("school_post").first()
        officer = (
            Officer.objects.filter(collar_number=r.collar_number).select_related("sergeant").first()
            if r.collar_number
            else None
        )
        changes = _differences(r, user, officer)
        action = "create" if user is None else ("update" if changes else "unchanged")
        out.append(RowChange(r.line, r.username, action, changes))
    return out


# --------------------------------------------------------------------------- writing


def _officer(r: _Row, user: User | None, acting_user: Any, request: Any) -> Officer:
    """The row's officer record with its names, rank and district (team later) brought up to
    date, through the workforce services (audited there)."""
    return workforce.officer_upsert(
        acting_user=acting_user,
        collar_number=r.collar_number,
        first_name=r.first_name,
        last_name=r.last_name,
        **r.place(),
        for_user=user,
        rename=True,
        reason=f"people import, line {r.line}",
        request=request,
    )


def _apply(rows: list[_Row], plan: list[RowChange], acting_user: Any, request: Any) -> int:
    """Write the file's changes. Access (role, school, officer link, switching on) goes through
    the account services: a grant waits for a second person. Returns how many wait."""
    officers: dict[str, Officer] = {}
    waiting = 0
    for r, change in zip(rows, plan, strict=True):
        if change.action == "unchanged":
            if r.collar_number:
                officers[r.collar_number] = Officer.objects.get(collar_number=r.collar_number)
            continue
        user = User.objects.filter(username=r.username).first()
        officer = (
            _officer(r, user, acting_user, request)
            if r.role in POLICE_ROLES and r.collar_number
            else None
        )
        if officer is not None:
            officers[r.collar_number] = officer
        if user is None:
            account = accounts.NewAccount(
                r.username,
                r.role,
                r.first_name,
                r.last_name,
                r.email,
                school=r.school if r.role in SCHOOL_ROLES else None,
                officer=officer,
            )
            user, grant = accounts.user_create(
                acting_user=acting_user,
                account=account,
                reason=f"people import, line {r.line}",
                request=request,
            )
            waiting += grant.status == RoleChangeStatus.PENDING
            if not r.active:
                RoleChange.objects.filter(pk=grant.pk).update(activate=False)
        else:
            user.first_name, user.last_name, user.email = r.first_name, r.last_name, r.email
            user.save(update_fields=["first_name", "last_name", "email"])
            held, wanted = _held_access(user), _wanted_access(r, user)
            if held.active and not wanted.active:
                accounts.user_deactivate(
                    acting_user=acting_user,
                    user=user,
                    reason=f"people import, line {r.line}",
                    request=request,
                )
            elif held != wanted:
                target = officers.get(wanted.officer) or (
                    Officer.objects.filter(collar_number=wanted.officer).first()
                    if wanted.officer
                    else None
                )
                grant = accounts.role_change_propose(
                    acting_user=acting_user,
                    user=user,
                    role=wanted.role,
                    school=r.school if wanted.role in SCHOOL_ROLES else None,
                    officer=target if wanted.role in POLICE_ROLES else None,
                    activate=wanted.active and not user.is_active,
                    reason=f"people import, line {r.line}",
                    request=request,
                )
                waiting += grant.status == RoleChangeStatus.PENDING
        if r.role in SCHOOL_ROLES:
            SchoolStaffPost.objects.update_or_create(user=user, defaults={"position": r.position})
        audit_write(
            acting_user,
            Action.CREATE if change.action == "create" else Action.CHANGE,
            user,
            request=request,
            username=user.username,
            import_line=r.line,
            changes=change.changes,
        )
    for r in rows:  # teams last: a sergeant may be on a later line
        if r.team and r.collar_number:
            officer = officers[r.collar_number]
            sergeant = officers.get(r.team) or Officer.objects.get(collar_number=r.team)
            workforce.officer_team_set(
                acting_user=acting_user,
                officer=officer,
                sergeant=sergeant,
                reason=f"people import, line {r.line}",
                request=request,
            )
    return waiting


def people_import(
    *, data: bytes | str, acting_user: Any, dry_run: bool = False, request: Any = None
) -> ImportResult:
    """Check the whole file, then (unless a dry run, and only if every row is right) write it
    in one transaction. See the module docstring for the columns and rules."""
    if not can_manage(acting_user):
        raise PermissionDenied("Only the system administrator or the inspector import people.")
    result = ImportResult(dry_run=dry_run)
    try:
        text = decode(data) if isinstance(data, bytes) else data
    except ValueError as exc:
        result.problems.append(RowProblem(1, "", str(exc)))
        return result
    rows = _parse(text, result.problems)
    if not result.problems:
        _check_across(rows, result.problems)
    if result.problems:
        return result
    with transaction.atomic():
        result.rows = _plan(rows)
        if dry_run or not any(r.action != "unchanged" for r in result.rows):
            return result
        try:
            result.waiting = _apply(rows, result.rows, acting_user, request)
        except (
            ValidationError,
            accounts.AccountChangeRefused,
            workforce.OfficerRecordRefused,
        ) as exc:
            transaction.set_rollback(True)
            result.rows = []
            result.problems.append(
                RowProblem(0, "", "; ".join(getattr(exc, "messages", [str(exc)])))
            )
            return result
        audit_record(
            user=acting_user,
            action="import",
            record_type="accounts.User",
            request=request,
            details={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "waiting": result.waiting,
            },
        )
        result.applied = True
    return result


# --------------------------------------------------------------------------- export


def export_rows(people: Iterable[User]) -> list[dict[str, str]]:
    out = []
    for u in people:
        officer = getattr(u, "officer", None)
        post = getattr(u, "school_post", None)
        out.append(
            {
                "username": u.username,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "email": u.email,
                "role": u.role,
                "collar_number": officer.collar_number if officer else "",
                "rank": officer.rank if officer else "",
                "district": officer.district.code if officer and officer.district_id else "",
                "team": officer.sergeant.collar_number if officer and officer.sergeant_id else "",
                "school_urn": str(u.school.urn) if u.school_id else "",
                "position": post.position if post else "",
                "active": "yes" if u.is_active else "no",
            }
        )
    return out


def people_export_csv(people: Iterable[User]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(people))
    return buf.getvalue()


def exportable(qs: Any) -> Any:
    return qs.exclude(Q(role=Role.SYSADMIN)).select_related(
        "officer__district", "officer__sergeant", "school", "school_post"
    )

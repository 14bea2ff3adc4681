"""Bulk import of history: a force's records from its previous system or spreadsheets, as CSV
files, one per record kind (layouts in docs/casework-import.md and `LAYOUTS` below).

Business rules:
- a file is loaded whole or not at all: every row is checked (columns, choices, dates, the
  record's own rules from `clean()`, the young person it names, the school in the importing
  user's scope), and any error refuses the file, naming the line and column; the rows are
  written in one transaction, so a failure half way leaves nothing behind;
- the same rules as the services: only a role that may record the kind may import it, only for
  schools in its scope; derived fields (the sergeant's review flag, the late-parent flag, the
  name key) and the child's characteristics at the time of an incident or search are set as the
  services set them; free text is encrypted at rest (the same `EncryptedTextField`); retention
  review dates are computed from the record's own date (history is as old as it is);
- one import is one audit entry (action "import": kind, rows, the file's SHA-256, first and last
  record number), not one per row;
- history raises no notifications and no alerts (they were dealt with at the time), and a strip
  search's referral is imported as a referral row, not created again;
- a young person carries `source_ref`, their reference in the previous system, which the other
  kinds name in `young_person_ref` (or give `young_person_id`, a SaferSchools record number).

Rows are validated field by field with the model fields' checks (prepared once per import),
then the model's `derive()` and `clean()`, and written in batches by `core.bulk` (COPY on
PostgreSQL): at least 5,000 records a second (bench/bulk_import.py measures it).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.bulk import Blueprint, RowWriter, chunks, statistics_refresh
from saferschools.estate.models import Establishment

from . import permissions
from .choices import ConcernStatus, Consent
from .models import ChildSnapshot, Concern, Incident, Intervention, Referral, Search, YoungPerson
from .retention import CHILD_RECORDS, ensure_default_rules, review_date_for

BATCH = 2000
MAX_ERRORS = 50


@dataclass(frozen=True)
class Layout:
    """The CSV layout of one record kind."""

    kind: str
    model: type[models.Model]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    #: The column giving the record's own time (created/updated at, and retention).
    when: str
    description: str


LAYOUTS: dict[str, Layout] = {
    lay.kind: lay
    for lay in [
        Layout(
            "young_person",
            YoungPerson,
            (
                "ref",
                "school_urn",
                "first_name",
                "last_name",
                "date_of_birth",
                "year_group",
                "sex",
                "lawful_basis",
                "opened_on",
            ),
            ("ethnicity", "fsm", "sen", "looked_after"),
            "opened_on",
            "Young people: `ref` is the child's reference in the previous system (unique).",
        ),
        Layout(
            "concern",
            Concern,
            ("category", "raised_by", "raised_at", "risk_level", "details"),
            ("childs_words", "child_view_not_obtained", "status", "closed_at", "closing_summary"),
            "raised_at",
            "Concerns about a child.",
        ),
        Layout(
            "incident",
            Incident,
            ("occurred_at", "reported_by", "category", "description"),
            ("childs_words", "on_school_premises", "outcome", "outcome_at"),
            "occurred_at",
            "Incidents and the police outcome.",
        ),
        Layout(
            "search",
            Search,
            (
                "searched_at",
                "reason",
                "grounds",
                "power",
                "location",
                "extent",
                "searched_by_name",
                "outcome",
            ),
            (
                "searched_by_is_police",
                "others_present",
                "appropriate_adult_name",
                "appropriate_adult_role",
                "authorising_officer_name",
                "authorising_officer_rank",
                "items_found",
                "parent_told_at",
                "parent_not_told_reason",
                "childs_words",
            ),
            "searched_at",
            "Searches of pupils.",
        ),
        Layout(
            "intervention",
            Intervention,
            ("kind", "start_date"),
            ("provider", "end_date", "due_date", "status", "outcome", "childs_words"),
            "start_date",
            "Interventions.",
        ),
        Layout(
            "referral",
            Referral,
            ("service", "reason", "made_on", "due_date", "consent"),
            ("status", "responded_on", "outcome", "consent_override_reason", "childs_words"),
            "made_on",
            "Referrals, with consent or the recorded reason for going ahead without it.",
        ),
    ]
}
#: What an incident's or a search's snapshot of the child sets (`ChildSnapshot.snapshot`).
SNAPSHOT_FIELDS = tuple(
    f.attname for f in ChildSnapshot._meta.get_fields() if f.name != "anonymised_at"
)
#: Every kind but young people names its child with one of these.
CHILD_KEYS = ("young_person_ref", "young_person_id")


class ImportRefused(Exception):
    """The file was refused whole; `errors` name each line and column."""

    def __init__(self, errors: list[str], rows: int = 0) -> None:
        more = "" if len(errors) < MAX_ERRORS else f" (first {MAX_ERRORS} shown)"
        super().__init__(f"Import refused: {len(errors)} error(s){more}; nothing was loaded.")
        self.errors = errors
        self.rows = rows


@dataclass
class ImportResult:
    kind: str
    rows: int
    first_id: int | None
    last_id: int | None
    sha256: str
    seconds: float
    audit_seq: int
    young_people_reviewed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """What the job's result shows: the fields as they are, the time rounded and the rate."""
        shown = ("kind", "rows", "first_id", "last_id", "sha256", "audit_seq")
        return {name: getattr(self, name) for name in shown} | {
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.rows / self.seconds) if self.seconds else None,
        }


# ----------------------------------------------------------------------------- parsing


def _datetime(text: str) -> dt.datetime:
    """ISO 8601; without an offset, local time (Europe/London)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:  # make_aware, without looking the zone up for every value
        value = value.replace(tzinfo=timezone.get_default_timezone())
    return value


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


def _bool(text: str) -> bool:
    t = text.lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueError("enter yes or no")


def _parser(f: models.Field) -> Callable[[str], Any]:
    if isinstance(f, models.DateTimeField):
        return _datetime
    if isinstance(f, models.DateField):
        return _date
    if isinstance(f, models.BooleanField):
        return _bool
    if isinstance(f, models.IntegerField):
        return int
    return lambda t: t


def _at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_default_timezone())


# ----------------------------------------------------------------------------- import


def _rows(source: Any) -> tuple[Iterator[dict[str, str]], list[str], str]:
    """(rows, header, sha256) from a path or a text/bytes stream (UTF-8, BOM allowed)."""
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([f"The file is not UTF-8 text (byte {exc.start})."]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    return reader, header, digest


def import_history(
    *, acting_user: Any, kind: str, source: Any, file_name: str = ""
) -> ImportResult:
    """Validate and load one CSV file of `kind` records; ImportRefused if any row is wrong."""
    import time

    started = time.perf_counter()
    layout = LAYOUTS.get(kind)
    if layout is None:
        raise ImportRefused([f"Unknown record kind {kind!r}: one of {', '.join(LAYOUTS)}."])
    if not permissions.can_write(acting_user, kind):
        raise PermissionDenied(f"Your role cannot record {kind.replace('_', ' ')} records.")
    rows, header, digest = _rows(source)
    _check_header(layout, header)
    scope = set(schools_visible_to(acting_user).values_list("pk", flat=True))
    loader = _Loader(layout, acting_user, scope)
    errors: list[str] = []
    count = 0
    try:
        with transaction.atomic():
            batch: list[models.Model] = []
            for chunk in chunks(enumerate(rows, start=2), BATCH):
                loader.prefetch(row for _, row in chunk)
                for line, row in chunk:
                    count += 1
                    try:
                        obj = loader.build(row)
                    except ValidationError as exc:
                        errors.extend(_messages(line, exc))
                    except (ValueError, KeyError) as exc:
                        errors.append(f"Line {line}: {exc}")
                    else:
                        if not errors:
                            batch.append(obj)
                    if len(errors) >= MAX_ERRORS:
                        break
                if len(errors) >= MAX_ERRORS:
                    break
                if not errors:
                    loader.write(batch)
                batch = []
            if count == 0:
                errors.append("The file has a header but no rows.")
            if errors:
                raise ImportRefused(errors, count)
            reviewed = loader.finish()
            entry = audit_record(
                user=acting_user,
                action="import",
                record_type=layout.model._meta.label,
                record_id=f"{loader.first_id}-{loader.last_id}",
                purpose="Bulk import of history",
                details={
                    "kind": kind,
                    "rows": count,
                    "file": file_name or getattr(source, "name", "") or str(source)[:200],
                    "sha256": digest,
                    "first_id": loader.first_id,
                    "last_id": loader.last_id,
                },
            )
    except IntegrityError as exc:
        raise ImportRefused([f"The database refused a row: {exc}"], count) from None
    statistics_refresh(layout.model, YoungPerson)
    return ImportResult(
        kind,
        count,
        loader.first_id,
        loader.last_id,
        digest,
        time.perf_counter() - started,
        entry.seq,
        reviewed,
    )


class _Check:
    """One column's checks, as the model field's `clean` makes them (choices, length,
    validators), prepared once per import rather than per row."""

    def __init__(self, f: models.Field) -> None:
        from django.core.validators import MaxLengthValidator

        self.field = f
        self.parse = _parser(f)
        self.choices = {k for k, _ in f.flatchoices} if f.choices else None
        self.max_length = getattr(f, "max_length", None)
        self.validators = [v for v in f.validators if not isinstance(v, MaxLengthValidator)]

    def __call__(self, text: str) -> Any:
        value = self.parse(text)
        if self.choices is not None and value not in self.choices:
            raise ValidationError(f"Value {value!r} is not a valid choice.")
        if self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                f"Ensure this value has at most {self.max_length} characters (it has {len(value)})."
            )
        for v in self.validators:
            v(value)
        return value


def _check_header(layout: Layout, header: list[str]) -> None:
    known = set(layout.required) | set(layout.optional)
    if layout.kind != "young_person":
        known |= set(CHILD_KEYS)
    errors = [f"Missing column {c!r}." for c in layout.required if c not in header]
    if layout.kind != "young_person" and not set(CHILD_KEYS) & set(header):
        errors.append("Missing column 'young_person_ref' (or 'young_person_id').")
    errors += [f"Unknown column {c!r}." for c in header if c not in known]
    if len(set(header)) != len(header):
        errors.append("A column appears twice.")
    if errors:
        raise ImportRefused(errors)


def _messages(line: int, exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"Line {line}, {name}: {' '.join(msgs)}"
            if name != "__all__"
            else f"Line {line}: {' '.join(msgs)}"
            for name, msgs in exc.message_dict.items()
        ]
    return [f"Line {line}: {' '.join(exc.messages)}"]


class _Loader:
    """Builds validated instances for one kind and writes them in batches."""

    def __init__(self, layout: Layout, user: Any, scope: set[int]) -> None:
        self.layout = layout
        self.user = user
        self.scope = scope
        self.model = layout.model
        self.blueprint = Blueprint(self.model)
        self.writer = RowWriter(self.model)
        self.rules = ensure_default_rules()
        self.rule = self.rules[self.model._meta.label]
        self.fields: dict[str, _Check] = {}
        for name in (*layout.required, *layout.optional):
            try:
                f = self.model._meta.get_field(name)
            except FieldDoesNotExist:  # a column that is not a field (ref, school_urn)
                continue
            self.fields[name] = _Check(f)
        self.first_id: int | None = None
        self.last_id: int | None = None
        self.people: dict[str, dict[str, Any]] = {}  # ref -> the young person's columns
        self.refs_seen: set[str] = set()
        self.schools: dict[int, int] = {}
        if layout.kind == "young_person":
            self.schools = dict(Establishment.objects.values_list("urn", "pk"))

    # -- children named by the rows
    PERSON_FIELDS = (
        "pk",
        "source_ref",
        "school_id",
        "date_of_birth",
        "sex",
        "ethnicity",
        "fsm",
        "sen",
        "looked_after",
    )

    def prefetch(self, rows: Iterable[dict[str, str]]) -> None:
        """Load the children a chunk of rows names, in two queries (by reference, by id)."""
        if self.layout.kind == "young_person":
            return
        refs, ids = set(), set()
        for row in rows:
            ref = (row.get("young_person_ref") or "").strip()
            pk = (row.get("young_person_id") or "").strip()
            if ref and f"ref:{ref}" not in self.people:
                refs.add(ref)
            elif not ref and pk.isdigit() and f"id:{pk}" not in self.people:
                ids.add(int(pk))
        found = []
        if refs:
            found += YoungPerson.objects.filter(source_ref__in=refs).values(*self.PERSON_FIELDS)
        if ids:
            found += YoungPerson.objects.filter(pk__in=ids).values(*self.PERSON_FIELDS)
        for p in found:
            if p["source_ref"]:
                self.people[f"ref:{p['source_ref']}"] = p
            self.people[f"id:{p['pk']}"] = p
        for ref in refs:
            self.people.setdefault(f"ref:{ref}", {})
        for pk in ids:
            self.people.setdefault(f"id:{pk}", {})

    def _person(self, row: dict[str, str]) -> dict[str, Any]:
        ref = (row.get("young_person_ref") or "").strip()
        pk = (row.get("young_person_id") or "").strip()
        if not ref and not pk:
            raise ValidationError({"young_person_ref": "Enter the young person's reference."})
        key = f"ref:{ref}" if ref else f"id:{pk}"
        person = self.people.get(key)
        if person is None:
            self.prefetch([row])
            person = self.people.get(key, {})
        if not person:
            col = "young_person_ref" if ref else "young_person_id"
            raise ValidationError({col: f"No young person {ref or pk} (import them first)."})
        if person["school_id"] not in self.scope:
            raise ValidationError({"young_person_ref": "That child's school is not one of yours."})
        return person

    def build(self, row: dict[str, str]) -> models.Model:
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for name, check in self.fields.items():
            text = (row.get(name) or "").strip()
            if text == "":
                if name in self.layout.required:
                    errors[name] = ["Enter a value."]
                continue
            try:
                values[name] = check(text)
            except ValidationError as exc:
                errors[name] = exc.messages
            except (ValueError, TypeError):
                errors[name] = [f"{text!r} is not a valid {check.field.verbose_name}."]
        extra = self._extra(row, values, errors)
        if errors:
            raise ValidationError(errors)
        obj = self.blueprint.new(values | extra)
        obj.derive()
        try:
            obj.clean()
        except ValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc) from None
        self._constraints(obj)
        return obj

    def _extra(
        self, row: dict[str, str], values: dict[str, Any], errors: dict[str, list[str]]
    ) -> dict[str, Any]:
        kind = self.layout.kind
        extra: dict[str, Any] = {"created_by_id": self.user.pk}
        if kind == "young_person":
            ref = (row.get("ref") or "").strip()
            if ref in self.refs_seen:
                errors["ref"] = [f"The reference {ref!r} appears twice in the file."]
            self.refs_seen.add(ref)
            values.pop("opened_on", None)
            extra["source_ref"] = ref
            urn = (row.get("school_urn") or "").strip()
            school_id = self.schools.get(int(urn)) if urn.isdigit() else None
            if school_id is None:
                errors["school_urn"] = [f"No school with URN {urn!r}."]
            elif school_id not in self.scope:
                errors["school_urn"] = ["That school is not one of yours."]
            extra["school_id"] = school_id
            try:
                when = _at_nine(_date((row.get("opened_on") or "").strip()))
            except ValueError:
                errors["opened_on"] = ["Enter the date the record was opened (YYYY-MM-DD)."]
                when = timezone.now()
            extra["created_at"] = extra["updated_at"] = when
            dob = values.get("date_of_birth")
            if dob is not None:
                extra["review_date"] = review_date_for(
                    self.rules["casework.YoungPerson"], last_activity=when, dob=dob
                )
            return extra
        try:
            person = self._person(row)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            return extra
        extra["young_person_id"] = person["pk"]
        if kind == "concern":
            extra["school_id"] = person["school_id"]  # Concern.school follows the child's
        when = values.get(self.layout.when)
        if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
            when = _at_nine(when)
        extra["created_at"] = extra["updated_at"] = when or timezone.now()
        if when is not None:
            extra["review_date"] = review_date_for(
                self.rule, last_activity=when, dob=person["date_of_birth"]
            )
        if kind in {"incident", "search"}:
            day = (when or timezone.now()).astimezone(timezone.get_default_timezone()).date()
            # The child as they are today, taken by the record's own snapshot().
            record = self.layout.model()
            record.snapshot(YoungPerson(**person), day)
            extra.update((f, getattr(record, f)) for f in SNAPSHOT_FIELDS)
        if kind == "referral" and values.get("consent") not in (Consent.CHILD, Consent.PARENT):
            extra["consent_override_by_id"] = self.user.pk
        return extra

    def _constraints(self, obj: Any) -> None:
        """The database's named rules that `clean()` leaves to the database, checked here so a
        file is refused with a line number rather than by the database at the end."""
        if isinstance(obj, Concern) and obj.status == ConcernStatus.CLOSED and not obj.closed_at:
            raise ValidationError({"closed_at": "A closed concern needs the date it was closed."})
        if isinstance(obj, Intervention) and obj.end_date and obj.end_date < obj.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def write(self, batch: list[models.Model]) -> None:
        if not batch:
            return
        if self.layout.kind == "young_person":
            existing = set(
                YoungPerson.all_objects.filter(
                    source_ref__in=[o.source_ref for o in batch]  # type: ignore[attr-defined]
                ).values_list("source_ref", flat=True)
            )
            if existing:
                raise ImportRefused(
                    [f"The reference {r!r} is already loaded." for r in sorted(existing)][
                        :MAX_ERRORS
                    ]
                )
        ids = self.writer.insert(batch)
        self.first_id = ids[0] if self.first_id is None else self.first_id
        self.last_id = ids[-1]

    def finish(self) -> int:
        """Review dates of the young people this file touched: no earlier than the last of
        their records (the rule of `retention.refresh_young_person`), in one grouped query per
        record kind that starts from this import's own rows (no lists of ids sent)."""
        if self.layout.kind == "young_person" or self.first_id is None:
            return 0  # a new child has no records yet: their own date was set as they were built
        from django.apps import apps

        own_rule = self.rules["casework.YoungPerson"]
        mine = self.model.all_objects.filter(  # type: ignore[attr-defined]
            pk__gte=self.first_id, pk__lte=self.last_id
        ).values("young_person_id")
        people = {
            p["pk"]: p
            for p in YoungPerson.all_objects.filter(pk__in=mine).values(
                "pk", "updated_at", "date_of_birth"
            )
        }
        latest = {pk: p["updated_at"] for pk, p in people.items()}
        review: dict[int, dt.date] = {}
        for lbl in CHILD_RECORDS:
            for r in (
                apps.get_model(lbl)
                .all_objects.filter(young_person_id__in=mine)
                .values("young_person_id")
                .annotate(last=Max("updated_at"), review=Max("review_date"))
                .order_by()
            ):
                yp = r["young_person_id"]
                if r["last"] and r["last"] > latest[yp]:
                    latest[yp] = r["last"]
                if r["review"] and (yp not in review or r["review"] > review[yp]):
                    review[yp] = r["review"]
        dates = []
        for pk, p in people.items():
            own = review_date_for(own_rule, last_activity=latest[pk], dob=p["date_of_birth"])
            dates.append((pk, max(own, review.get(pk, own))))
        table = YoungPerson._meta.db_table
        with connection.cursor() as cur:
            for start in range(0, len(dates), 5000):
                chunk = dates[start : start + 5000]
                if connection.vendor == "postgresql":  # one statement, not one per child
                    cur.execute(
                        f"UPDATE {table} AS y SET review_date = v.d "  # noqa: S608
                        "FROM unnest(%s::bigint[], %s::date[]) AS v(id, d) WHERE y.id = v.id",
                        [[pk for pk, _ in chunk], [d for _, d in chunk]],
                    )
                else:
                    cur.executemany(
                        f"UPDATE {table} SET review_date = %s WHERE id = %s",  # noqa: S608
                        [(d, pk) for pk, d in chunk],
                    )
        return len(dates)


def layout_rows() -> Iterable[tuple[str, str, str]]:
    """(kind, column, required or optional) for the documentation and `--layout`."""
    for lay in LAYOUTS.values():
        if lay.kind != "young_person":
            yield lay.kind, "young_person_ref | young_person_id", "required (one of)"
        for c in lay.required:
            yield lay.kind, c, "required"
        for c in lay.optional:
            yield lay.kind, c, "optional"

"""The registry of job kinds: name → the function that does the work.

A job function takes the `JobProgress` first, then keyword-only `acting_user` and its
JSON-able parameters, and returns a `JobOutcome`. It raises `JobError` (or any exception whose
message is written for people, e.g. a domain's validation error listed in `USER_ERRORS`) to fail
with words the user can act on; `JobCancelled` when it saw `progress.should_stop()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import Model


class JobError(Exception):
    """A job could not do its work, for a reason a person can act on (shown as written).

    ``problems``: the reasons one per line (the job page lists them); ``data``: anything else
    to keep with the failed job (JSON-able)."""

    def __init__(
        self,
        message: str,
        *,
        problems: list[str] | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
        self.data = dict(data or {})


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job hands back: one line for people, where to look, and data."""

    summary: str
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    #: for solves: the solver's status ("OPTIMAL", "FEASIBLE", "UNKNOWN", "INFEASIBLE", ...)
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None


JobFunction = Callable[..., JobOutcome]


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    run: JobFunction
    #: who may start it from the generic `saferschools job run` / API: a predicate on the user
    #: (the service the job calls still enforces its own rules inside)
    may_start: Callable[[Any], bool] | None = None


_KINDS: dict[str, JobKind] = {}


def system_only(user: Any) -> bool:
    """`may_start` for scheduled housekeeping (escalations, digests, deletions at review): only
    a superuser or staff account starts it by hand; beat starts it with no user."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))


def job_kind(
    name: str, *, title: str, may_start: Callable[[Any], bool] | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register ``fn`` as the job kind ``name`` (e.g. "rostering.generate")."""

    def register(fn: JobFunction) -> JobFunction:
        _KINDS[name] = JobKind(name=name, title=title, run=fn, may_start=may_start)
        return fn

    return register


def get_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise JobError(f"There is no job called {name!r}.") from None


def kinds() -> dict[str, JobKind]:
    return dict(sorted(_KINDS.items()))


#: A job kind run on beat's schedule (or its command), never started from a page.
scheduled_job = partial(job_kind, may_start=system_only)


def swept(done: Iterable[Model | int], summary: str, key: str) -> JobOutcome:
    """The outcome of a scheduled sweep (alerts, escalations, deletions at review): `summary`
    says how many it acted on (``{n}``) and ``data[key]`` lists them by id."""
    ids = [d.pk if isinstance(d, Model) else d for d in done]
    return JobOutcome(summary=summary.format(n=len(ids)), data={key: ids})

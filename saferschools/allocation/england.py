"""All of England in one run, as the job and the command line both start it.

Reads the national files (``settings.SHARED_DATA_DIR``, see :mod:`.engine.england`), gives each
force its officer numbers (a force -> (constables, sergeants) table, or a national total of
constables shared by demand), optionally only some forces, and plans them in parallel worker
processes within one time budget (:func:`.engine.national.plan_forces`), reporting each force as
it finishes. The crime severity weights are the force's saved ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from django.conf import settings as django_settings

from . import engine as E
from . import selectors
from .engine import england, national
from .engine.budget import Progress

#: Seconds for the whole of England, unless told otherwise (the target is under two minutes).
DEFAULT_TIME_LIMIT_S = 110.0


def data_folder(data: Path | None = None) -> Path:
    """The shared data folder, refused in words when the national areas file is not there."""
    folder = Path(data or django_settings.SHARED_DATA_DIR)
    if not (folder / "force" / "england_police_force_areas.csv.gz").is_file():
        raise E.InvalidInputError(
            f"{folder}: no force/england_police_force_areas.csv.gz here, so the forces of "
            "England cannot be read (see the data folder's SOURCES.md)."
        )
    return folder


def england_instances(
    *,
    constables: int | None = None,
    officers: Mapping[str, tuple[int, int | None]] | None = None,
    forces: Sequence[str] = (),
    data: Path | None = None,
) -> tuple[dict[str, E.Instance], E.PlanSettings]:
    """Every force's planning instance with its officers (only ``forces`` if given)."""
    if bool(constables) == bool(officers):
        raise E.InvalidInputError(
            "Give either a national total of constables or each force's numbers, not both."
        )
    plan_settings = E.PlanSettings(crime_severity=selectors.severity_table())
    everyone = england.england_forces(data_folder(data))
    if forces:
        unknown = sorted(set(forces) - set(everyone))
        if unknown:
            raise E.InvalidInputError(
                f"Not an English force in the areas file: {', '.join(unknown)}. The names are "
                f"as the file spells them, e.g. {', '.join(sorted(everyone)[:3])}."
            )
        everyone = {f: everyone[f] for f in forces}
    if officers:
        officers = {f: n for f, n in officers.items() if not forces or f in forces}
    instances = england.with_officers(
        everyone, plan_settings, numbers=officers, national_constables=constables
    )
    return instances, plan_settings


def england_plan(
    *,
    constables: int | None = None,
    officers: Mapping[str, tuple[int, int | None]] | None = None,
    forces: Sequence[str] = (),
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    workers: int = 2,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    keep_plans: bool = False,
    data: Path | None = None,
) -> national.NationalReport:
    """Plan the forces (see the module docstring); ``progress(done, total, message)`` as each
    force finishes, ``cancelled()`` checked before each force starts."""
    if time_limit_s <= 0:
        raise E.InvalidInputError("The time limit must be more than 0 seconds.")
    instances, plan_settings = england_instances(
        constables=constables, officers=officers, forces=forces, data=data
    )
    return national.plan_forces(
        instances,
        plan_settings,
        budget_s=time_limit_s,
        workers=workers,
        progress=progress,
        keep_plans=keep_plans,
        cancelled=cancelled,
    )

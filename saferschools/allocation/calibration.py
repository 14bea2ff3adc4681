"""Calibration to a force's current allocation (Django side of `engine.calibrate`).

* `parse_current` — the CSV a force gives: rows `district_code,constables` (a district's code or
  name), and optionally rows `division,sergeants`; a partial allocation is allowed. Errors name
  the line.
* `calibration_run` — fit weights and method to it on the loaded estate (the force's planning
  rules apply: pinned districts keep their pin).
* `calibration_save` — save the fitted weights and method as the force's defaults (audited).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from . import engine as E
from . import selectors
from .engine.calibrate import Calibration, calibrate
from .models import ForcePlanning
from .planning import force_defaults, force_defaults_save, force_for_planning, whole_count


def parse_current(text: str) -> tuple[dict[str, str | int], dict[str, int]]:
    """(district -> constables, division -> sergeants) from the CSV text (see module doc).

    One header `district_code,constables[,division,sergeants]`, or two sections each with its
    own header line (`district_code,constables` rows, then `division,sergeants` rows)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise E.InvalidInputError("The current allocation is empty.")
    constables: dict[str, str | int] = {}
    sergeants: dict[str, int] = {}
    header: list[str] | None = None
    for line, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        lowered = [c.lower() for c in cells]
        if {"district_code", "constables"} <= set(lowered) or {
            "division",
            "sergeants",
        } <= set(lowered):
            header = lowered
            continue
        if header is None:
            raise E.InvalidInputError(
                "The current allocation needs a header line district_code,constables (and "
                f"optionally division,sergeants); line {line} is: {','.join(cells)}."
            )
        row = dict(zip(header, cells, strict=False))
        if row.get("district_code"):
            constables[row["district_code"]] = whole_count(
                row.get("constables", ""), f"Line {line}: constables"
            )
        if row.get("division"):
            sergeants[row["division"]] = whole_count(
                row.get("sergeants", ""), f"Line {line}: sergeants"
            )
    if not constables:
        raise E.InvalidInputError("The current allocation gives no district's constables.")
    return constables, sergeants


def calibration_run(
    *,
    csv_text: str,
    constables: int | None = None,
    sergeants: int | None = None,
    force: str | None = None,
) -> Calibration:
    """Fit the force's weights and method to the current allocation in `csv_text`."""
    given, current_sergeants = parse_current(csv_text)
    the_force = force_for_planning(force)
    _, _, rules = force_defaults(the_force)
    districts = list(selectors.force_districts(the_force))
    by_name = {d.name.lower(): d.code for d in districts}
    codes = {d.code for d in districts}
    current: dict[str, int] = {}
    for key, n in given.items():
        code = key if key in codes else by_name.get(str(key).lower(), str(key))
        current[code] = int(n)
    if constables is None:
        if set(current) != codes:
            missing = sorted(codes - set(current))
            raise E.InvalidInputError(
                f"The allocation gives {len(current)} of the force's {len(codes)} districts "
                f"(not {', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}): say how "
                "many constables the force has in all (--constables)."
            )
        constables = sum(current.values())
    instance, _ = selectors.instance_from_db(
        constables=constables,
        sergeants=sergeants or 0,
        force=the_force,
        groups=rules.named_groups,
    )
    if not instance.schools:
        raise E.InvalidInputError("No schools are loaded for the force: load an area first.")
    settings = E.PlanSettings(crime_severity=selectors.severity_table(), rules=rules)
    return calibrate(instance, settings, current, current_sergeants)


def calibration_save(
    *, calibration: Calibration, acting_user: Any, force: str | None = None, request: Any = None
) -> ForcePlanning:
    """Save the calibrated weights and method as the force's defaults."""
    the_force = force_for_planning(force)
    if the_force is None:
        raise E.InvalidInputError("No force is loaded.")
    doc = calibration.to_dict()
    return force_defaults_save(
        force=the_force,
        acting_user=acting_user,
        weights=calibration.weights,
        method=calibration.method,
        calibration={k: doc[k] for k in ("summary", "exact", "districts_differing", "districts")},
        request=request,
    )

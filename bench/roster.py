"""Bench: CP-SAT rostering engine versus the greedy rota on the synthetic Kent & Medway instance,
and the real Kent & Medway plan (70 constables, 6 sergeants, 13 districts).

    .venv/bin/python bench/roster.py [--weeks 4 12 17] [--time-limit 50] [--start 2025-07-07]
                                     [--real-start 2026-06-29] [--real-weeks 12] [--no-real]
    .venv/bin/python bench/roster.py --scale [--scale-budget 300] [--scale-weeks 26]

``--scale``: the large-force case of issue 15 (300 constables, 30 sergeants, 60 districts in 10
divisions, 26 weeks) beside the greedy baseline, CP-SAT given one overall budget; status is the
engine's honest one (UNKNOWN = out of time, with the best roster so far and its rule breaks).
The machine's load average is printed with the figures (the machine is shared).

Real plan rows: when the database (DJANGO_SETTINGS_MODULE, default config.settings.local) has an
adopted allocation plan, the instance is built from the workforce tables as `saferschools roster`
does ("kent-db"); otherwise the plan is made from the real public extracts with the allocation
engine directly ("kent-plan", and "kent-plan+leave" with one staggered week of annual leave
each). Timed from the instance to the checked document.

For each horizon: wall time, solve status, objective, best bound and gap of the engine, and for
both rosters the independent checker's hard-rule violations and soft measures (named-officer
misses, missing early/late on non-school days, and the largest weekend / late spread in a group).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from saferschools.rostering.engine import (  # noqa: E402
    Instance,
    Reporter,
    check_document,
    count_violations,
    greedy_roster,
    soft_measures,
    solve,
    synthetic_kent_medway,
)
from saferschools.rostering.engine.synthetic import synthetic_large_force  # noqa: E402


def row(method: str, weeks: int, seconds: float, doc: dict[str, object]) -> dict[str, object]:
    report = check_document(doc)
    soft = soft_measures(doc)
    s = doc["solve"]
    assert isinstance(s, dict)
    worst = sorted(((len(v), k) for k, v in report.items() if v), reverse=True)[:2]
    return {
        "method": method,
        "weeks": weeks,
        "status": s["status"],
        "seconds": f"{seconds:.1f}",
        "objective": "-" if s["objective"] is None else f"{s['objective']:.0f}",
        "bound": "-" if s["bound"] is None else f"{s['bound']:.0f}",
        "gap": "-" if s["gap"] is None else f"{100 * s['gap']:.1f}%",
        "hard_viol": count_violations(report),
        "soft_cost": soft["cost"],
        "named_miss": soft["units"]["rule_named_officer_at_school"],
        "wkend_el_miss": soft["units"]["rule_weekend_early_and_late"],
        "max_wkend_spread": soft["max_spread"]["weekends"],
        "max_late_spread": soft["max_spread"]["lates"],
        "worst_rules": ", ".join(f"{k.removeprefix('rule_')}={n}" for n, k in worst) or "-",
    }


def real_instances(start: date, weeks: int) -> list[tuple[str, object]]:
    """(label, instance) of the real Kent plan: from the database if a plan is adopted."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    try:
        import django

        django.setup()
        from saferschools.allocation.models import Plan
        from saferschools.rostering.instance import build_instance

        if Plan.objects.filter(status=Plan.Status.ADOPTED).exists():
            built = build_instance(start=start, weeks=weeks)
            if built.instance.constables():
                return [("kent-db", built.instance)]
    except Exception as exc:  # no database or no tables: fall back to the extracts
        print(f"# database not used for the real plan: {exc}", file=sys.stderr)
    from saferschools.rostering.realdata import data_dir, kent_plan, roster_instance_from_plan

    if not (data_dir() / "gias").is_dir():
        print(f"# real data not found in {data_dir()}: no real Kent rows", file=sys.stderr)
        return []
    t0 = time.monotonic()
    plan_inst, plan = kent_plan()
    print(
        f"# real Kent plan made by the allocation engine in {time.monotonic() - t0:.1f} s",
        file=sys.stderr,
    )
    return [
        ("kent-plan", roster_instance_from_plan(plan_inst, plan, start, weeks)),
        (
            "kent-plan+leave",
            roster_instance_from_plan(plan_inst, plan, start, weeks, staggered_leave=True),
        ),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--weeks", type=int, nargs="+", default=[4, 12, 17])
    ap.add_argument("--time-limit", type=float, default=50.0, help="CP-SAT budget per horizon (s)")
    ap.add_argument("--start", type=date.fromisoformat, default=date(2025, 7, 7))
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--real-start", type=date.fromisoformat, default=date(2026, 6, 29))
    ap.add_argument("--real-weeks", type=int, default=12)
    ap.add_argument("--no-real", action="store_true", help="skip the real Kent plan rows")
    ap.add_argument("--scale", action="store_true", help="the 300 + 30 officers case only")
    ap.add_argument("--scale-budget", type=float, default=300.0, help="one budget (s)")
    ap.add_argument("--scale-weeks", type=int, default=26)
    args = ap.parse_args()
    rows = []
    if args.scale:
        import os

        load = os.getloadavg()
        inst = synthetic_large_force(args.start, args.scale_weeks)
        print(
            f"# scale: {len(inst.constables())} constables, {len(inst.sergeants())} sergeants, "
            f"{len(inst.districts)} districts, {len(inst.divisions)} divisions, "
            f"{len(inst.schools)} schools, {args.scale_weeks} weeks; load before {load}",
            file=sys.stderr,
        )
        t0 = time.monotonic()
        g = greedy_roster(inst)
        rows.append(row("greedy", args.scale_weeks, time.monotonic() - t0, g.to_document()))
        t0 = time.monotonic()
        sol = solve(
            inst,
            time_limit_s=args.scale_budget,
            num_workers=2,
            reporter=Reporter(progress=lambda line: print("#", line, file=sys.stderr)),
        )
        doc = json.loads(json.dumps(sol.to_document()))
        rows.append(row("cp-sat", args.scale_weeks, time.monotonic() - t0, doc))
        print(f"# outcome: {sol.outcome()}", file=sys.stderr)
        print(f"# load after {os.getloadavg()}", file=sys.stderr)
        args.weeks, args.no_real = [], True
    if not args.no_real:
        for label, inst in real_instances(args.real_start, args.real_weeks):
            assert isinstance(inst, Instance)
            t0 = time.monotonic()
            sol = solve(inst, time_limit_s=args.time_limit, num_workers=2)
            doc = json.loads(json.dumps(sol.to_document()))
            rows.append(row(label, args.real_weeks, time.monotonic() - t0, doc))
            print(
                f"# {label}: {inst.start} to {inst.end}, {len(inst.constables())} constables, "
                f"{len(inst.sergeants())} sergeants, {len(inst.districts)} districts, "
                f"{len(inst.schools)} schools, {len(inst.absences)} absence days",
                file=sys.stderr,
            )
    for weeks in args.weeks:
        inst = synthetic_kent_medway(args.start, weeks)
        t0 = time.monotonic()
        g = greedy_roster(inst)
        g_doc = json.loads(json.dumps(g.to_document()))
        rows.append(row("greedy", weeks, time.monotonic() - t0, g_doc))
        t0 = time.monotonic()
        sol = solve(inst, time_limit_s=args.time_limit, num_workers=2)
        doc = json.loads(json.dumps(sol.to_document()))
        rows.append(row("cp-sat", weeks, time.monotonic() - t0, doc))
        print(
            f"# {weeks} weeks: {inst.start} to {inst.end}, {len(inst.officers)} officers, "
            f"{len(inst.districts)} districts, {len(inst.schools)} schools",
            file=sys.stderr,
        )
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print(" | ".join(c.ljust(widths[c]) for c in cols))
    print("-+-".join("-" * widths[c] for c in cols))
    for r in rows:
        print(" | ".join(str(r[c]).ljust(widths[c]) for c in cols))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

"""Bench: CP-SAT rostering engine versus the greedy rota on the synthetic Kent & Medway instance.

    .venv/bin/python bench/roster.py [--weeks 4 12 17] [--time-limit 50] [--start 2025-07-07]

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
    check_document,
    count_violations,
    greedy_roster,
    soft_measures,
    solve,
    synthetic_kent_medway,
)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--weeks", type=int, nargs="+", default=[4, 12, 17])
    ap.add_argument("--time-limit", type=float, default=50.0, help="CP-SAT budget per horizon (s)")
    ap.add_argument("--start", type=date.fromisoformat, default=date(2025, 7, 7))
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args()
    rows = []
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

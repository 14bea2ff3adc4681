"""Benchmark of the allocation engine on real public data.

    .venv/bin/python bench/allocation.py [--england] [--time-limit S] [--db]

(a) Kent & Medway: 70 constables, 6 sergeants, 13 districts (Kent Police areas).
(b) With --england: all 39 English forces from the national files (districts and stand-in
    divisions from force/england_police_force_areas.csv.gz), 3,000 constables shared between
    forces by demand, forces solved in parallel (--workers, default 2) within ONE budget
    (--england-time-limit, default 110 s): per-force status, gap and time, the total time, and
    the greedy nearest-school baseline's travel and workload outside the band beside each
    force, measured in the same run (--only-england skips Kent; --progress prints each force
    as it ends).
(c) With --db: the whole web/CLI path on Kent & Medway in a throwaway SQLite database
    (load the area, seed 70 constables and 6 sergeants, then time `plan_create` - the
    instance from the estate tables and the solve - and `plan_adopt`, then a re-plan that
    must change no school's officer). Target: plan + adopt under 10 s.

For each: wall time, solver status and gap, workload spread (max and min of an
officer's workload / their district mean) and mean travel (km from each school to its
patch's base school), beside a greedy nearest-school baseline measured in the same run.

Data: $SHARED_DATA_DIR, else ../shared/data relative to the repository root (see
shared/data/SOURCES.md). GIAS files are Windows-1252.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saferschools.allocation.engine import (  # noqa: E402
    Instance,
    PlanSettings,
    Redeployment,
    School,
    Solution,
    best_base,
    greedy_patches,
    loaders,
    plan,
    redeploy,
    school_workloads,
)


def secondary_rule() -> tuple[Callable[..., bool], str]:
    """The programme's rule (saferschools.estate.rules, through the engine's loader)."""
    return loaders.is_secondary_phase, "saferschools.estate.rules.is_secondary_phase"


def data_dir() -> Path:
    path = Path(os.environ.get("SHARED_DATA_DIR", REPO.parent / "shared" / "data"))
    needed = [
        "gias/edubase_kent_medway_20250524.csv",
        "gias/edubase_england_20250524.csv",
        "iod2019/iod2019_ranks_deciles_kent_medway_lsoa.csv",
        "iod2019/iod2019_ranks_deciles_england_lsoa.csv",
        "force/kent_police_areas.csv",
    ]
    missing = [n for n in needed if not (path / n).is_file()]
    if missing:
        sys.exit(
            f"bench/allocation.py: data not found in {path} (missing {', '.join(missing)}). "
            "Set SHARED_DATA_DIR to the shared data folder (see SOURCES.md)."
        )
    return path


def rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def kent_instance(data: Path, rule: Callable[..., bool]) -> tuple[Instance, list[str]]:
    districts = loaders.districts_from_force_areas(rows(data / "force/kent_police_areas.csv"))
    codes = {d.code for d in districts}
    gias = rows(data / "gias/edubase_kent_medway_20250524.csv", "cp1252")

    def district_of(r: Mapping[str, str]) -> str | None:
        code = r["DistrictAdministrative (code)"].strip()
        return code if code in codes else None

    schools, skipped = loaders.schools_from_gias(gias, district_of, rule)
    lsoas = loaders.lsoas_from_iod2019(
        rows(data / "iod2019/iod2019_ranks_deciles_kent_medway_lsoa.csv")
    )
    return Instance(tuple(districts), tuple(schools), 70, 6, tuple(lsoas)), skipped


def measure(inst: Instance, sol: Solution, settings: PlanSettings) -> dict[str, float]:
    """Spread and travel of the optimised plan and of the greedy baseline."""
    work = school_workloads(inst, settings)
    by_district: dict[str, list[School]] = defaultdict(list)
    for s in inst.schools:
        by_district[s.district].append(s)
    officers = {d.code: d.officers for d in sol.districts}
    ratios: list[float] = []
    g_ratios: list[float] = []
    g_travel = 0.0
    g_seconds = time.perf_counter()
    for code, schools in by_district.items():
        k = officers[code]
        total = sum(work[s.urn] for s in schools)
        for patch in greedy_patches(schools, [work[s.urn] for s in schools], k):
            members = [schools[i] for i in patch]
            g_travel += best_base(members)[1]
            g_ratios.append(sum(work[s.urn] for s in members) / (total / k))
    g_seconds = time.perf_counter() - g_seconds
    for p in sol.officers:
        total = sum(work[s.urn] for s in by_district[p.district])
        ratios.append(p.workload / (total / officers[p.district]))
    n = len(inst.schools)
    return {
        "spread_max": max(ratios),
        "spread_min": min(ratios),
        "travel_km": sum(p.travel_km for p in sol.officers) / n,
        "g_spread_max": max(g_ratios),
        "g_spread_min": min(g_ratios),
        "g_travel_km": g_travel / n,
        "g_seconds": g_seconds,
    }


def run(label: str, inst: Instance, settings: PlanSettings) -> Solution:
    t0 = time.perf_counter()
    sol = plan(inst, settings)
    wall = time.perf_counter() - t0
    m = measure(inst, sol, settings)
    r = sol.report
    sizes = Counter(d.schools for d in sol.districts)
    print(
        f"\n== {label}: {len(inst.schools)} schools, {inst.constables} officers, "
        f"{len(inst.districts)} planning areas (largest {max(sizes)} schools)"
    )
    print(
        f"   method {sol.method.name}, tolerance +/-{settings.workload_tolerance:.0%}, "
        f"{settings.num_workers} workers, {settings.time_limit_s:.0f} s limit per area"
        + (f", {settings.candidate_bases} candidate bases" if settings.candidate_bases else "")
    )
    print(
        f"   {'':10} {'time s':>8} {'status':>9} {'gap':>7} {'spread max/mean':>16} "
        f"{'min/mean':>9} {'travel km/school':>17}"
    )
    print(
        f"   {'optimised':10} {wall:8.2f} {r.status:>9} {r.gap:7.2%} {m['spread_max']:16.2f} "
        f"{m['spread_min']:9.2f} {m['travel_km']:17.2f}"
    )
    print(
        f"   {'greedy':10} {m['g_seconds']:8.2f} {'-':>9} {'-':>7} {m['g_spread_max']:16.2f} "
        f"{m['g_spread_min']:9.2f} {m['g_travel_km']:17.2f}"
    )
    print(f"   objective {r.objective:.1f} km, bound {r.bound:.1f} km, solver {r.seconds:.2f} s")
    return sol


def db_end_to_end(data: Path) -> None:
    """Kent & Medway through the services, in a throwaway SQLite database."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="bench-allocation-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    from saferschools.allocation import services
    from saferschools.demo.officers import demo_officers_seed
    from saferschools.estate.models import Establishment
    from saferschools.estate.services import area_load
    from saferschools.workforce.models import SchoolAssignment

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    area_load(data_dir=data)
    demo_officers_seed()
    print(f"\n== Kent & Medway through the database (set-up {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    plan_row = services.plan_create(constables=70, sergeants=6, acting_user=None)
    t1 = time.perf_counter()
    adoption = services.plan_adopt(plan=plan_row, acting_user=None)
    t2 = time.perf_counter()
    s = plan_row.result["solve"]
    schools = Establishment.objects.secondary_phase().filter(district__division__isnull=False)
    print(
        f"   plan_create {t1 - t0:.2f} s (solve {s['seconds']:.2f} s, {s['status']}, gap "
        f"{s['gap']:.2%}), plan_adopt {t2 - t1:.2f} s, total {t2 - t0:.2f} s "
        f"({'under' if t2 - t0 < 10 else 'OVER'} 10 s)"
    )
    print(
        f"   {SchoolAssignment.objects.filter(establishment__in=schools).count()} of "
        f"{schools.count()} secondary-phase schools named; "
        f"{sum(d['officers'] for d in plan_row.result['districts'])} constables placed; "
        + adoption.as_text()
    )
    print(
        "   per district: "
        + ", ".join(f"{d['name']} {d['officers']}" for d in plan_row.result["districts"])
    )
    t0 = time.perf_counter()
    again = services.plan_create(constables=70, sergeants=6, acting_user=None)
    second = services.plan_adopt(plan=again, acting_user=None)
    print(
        f"   re-plan + adopt with nothing changed: {time.perf_counter() - t0:.2f} s, "
        f"{second.schools_changed} schools changed officer"
    )


def england_run(data: Path, args: argparse.Namespace) -> None:
    """All 39 forces: per-force gap and time, total time, beside the greedy baseline."""
    from saferschools.allocation.engine import england, national

    load = os.getloadavg()
    t0 = time.perf_counter()
    settings = PlanSettings()
    forces = england.england_forces(data)
    instances = england.with_officers(forces, settings, national_constables=args.england_constables)
    read = time.perf_counter() - t0
    print(
        f"\n== England, per force: {len(instances)} forces, "
        f"{sum(len(i.schools) for i in instances.values()):,} establishments, "
        f"{sum(i.constables for i in instances.values()):,} constables (national total shared by "
        f"demand), {sum(i.sergeants for i in instances.values())} sergeants; files read in "
        f"{read:.1f} s; budget {args.england_time_limit:.0f} s in all, {args.workers} at once; "
        f"machine load before {load[0]:.1f} (1 min), {load[1]:.1f} (5 min) on {os.cpu_count()} cores"
    )
    t0 = time.perf_counter()
    cpu0 = os.times()

    def progress(done: int, total: int, message: str) -> None:
        print(f"   [{done:2d}/{total}] {message}", flush=True)

    report = national.plan_forces(
        instances,
        settings,
        budget_s=args.england_time_limit,
        workers=args.workers,
        progress=progress if args.progress else None,
    )
    wall = time.perf_counter() - t0
    cpu = os.times()
    child_cpu = (cpu.children_user - cpu0.children_user) + (
        cpu.children_system - cpu0.children_system
    )
    print(
        f"   {'force':<31} {'schools':>7} {'PCs':>4} {'status':>11} {'gap':>6} {'time s':>6}"
        f" {'km':>7} {'outside':>7} | {'greedy km':>9} {'outside':>7} {'s':>5}"
    )
    for f in report.forces:
        print(
            f"   {f.force[:31]:<31} {f.schools:7d} {f.constables:4d} {f.status[:11]:>11} "
            f"{f.gap:6.2%} {f.seconds:6.1f} {f.objective:7.1f} {f.outside:7.2f} | "
            f"{f.greedy_km:9.1f} {f.greedy_outside:7.2f} {f.greedy_seconds:5.2f}"
        )
    doc = report.to_dict()
    g_secs = sum(f.greedy_seconds for f in report.forces)
    print(
        f"   total {wall:.1f} s (target under 120 s; the solver processes used {child_cpu:.0f} "
        f"CPU-seconds); {doc['forces_within_1pct']} of {len(report.forces)} forces within 1% of "
        f"their proven bound (target: all); overall gap {doc['gap']:.2%}, worst "
        f"{doc['worst_force_gap']:.2%}; travel {doc['objective_km']:,.0f} km with "
        f"{sum(f.outside for f in report.forces):.1f} workload points outside the bands, "
        f"against greedy {doc['greedy_km']:,.0f} km with "
        f"{sum(f.greedy_outside for f in report.forces):.1f} outside ({g_secs:.1f} s); "
        f"machine load after {os.getloadavg()[0]:.1f}"
    )
    if doc["out_of_time"]:
        print("   out of time, best so far: " + ", ".join(doc["out_of_time"]))
    if doc["failed"]:
        print("   failed: " + ", ".join(doc["failed"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds, in all")
    parser.add_argument(
        "--england", action="store_true", help="all 39 forces, per force, in parallel"
    )
    parser.add_argument(
        "--england-constables", type=int, default=3000, help="national total (by demand)"
    )
    parser.add_argument("--england-time-limit", type=float, default=110.0, help="seconds, in all")
    parser.add_argument("--workers", type=int, default=2, help="forces solved at once")
    parser.add_argument(
        "--only-england", action="store_true", help="skip Kent & Medway (implies --england)"
    )
    parser.add_argument("--progress", action="store_true", help="a line as each force ends")
    parser.add_argument(
        "--db", action="store_true", help="also time plan + adopt through the database"
    )
    args = parser.parse_args()
    data = data_dir()
    if args.only_england:
        england_run(data, args)
        return
    rule, rule_name = secondary_rule()
    print(f"data: {data}\nsecondary-phase rule: {rule_name}")

    kent, skipped = kent_instance(data, rule)
    print(
        f"Kent & Medway: {len(kent.schools)} schools in scope; left out: {'; '.join(skipped) or 'none'}"
    )
    settings = PlanSettings(time_limit_s=args.time_limit, num_workers=2)
    sol = run("Kent & Medway", kent, settings)
    for d in sol.districts:
        print("   " + d.sentence)
    for s in sol.sergeants:
        print(
            f"   {s.division}: {s.sergeants} sergeants for {s.constables} constables (span {s.span:.1f})"
        )
    t0 = time.perf_counter()
    scenario = Redeployment(date(2025, 9, 1), date(2025, 12, 19), remove_count=5)
    out = redeploy(sol, kent, scenario, settings)
    print(
        f"   redeploy 5 officers: {time.perf_counter() - t0:.2f} s, removed {', '.join(out.removed)}; "
        f"{len(out.affected)} schools change officer, "
        f"{sum(1 for u, o in sol.assignment.items() if out.plan.assignment[u] == o)} keep theirs"
    )

    if args.db:
        db_end_to_end(data)
    if args.england:
        england_run(data, args)


if __name__ == "__main__":
    main()

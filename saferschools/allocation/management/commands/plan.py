"""saferschools plan --officers 70 --sergeants 6 [--method NAME]
[--weights crime=1,schools=1,deprivation=1,pupils=1] [--tolerance 0.25] [--max-schools N]
[--pin CODE=N,...] [--min CODE=N,...] [--max CODE=N,...] [--min-sergeants DIVISION=N,...]
[--max-span N] [--types secondary,all_through,...] [--force NAME]
--json PATH [--adopt] [--name NAME] [--fresh]

Planning rules (decision 141): pinned districts keep exactly N; minimums and maximums bound a
district; every division gets the sergeants seven-day supervision needs (the rostering rules'
rest days) and its span of control allows; a rule that cannot hold is printed with by how much.
Method, weights and rules not given are the force's defaults (see `saferschools calibrate`).

Plan the force from the loaded estate: each district's demand share (crime, schools,
deprivation, pupils), whole officers per district by the chosen apportionment method (default
Webster), sergeants per division, and a named officer for every open secondary-phase school.
The plan is saved (with its inputs) as a draft; --adopt also writes the named officers. The
plan is made stably against today's named officers (fewest schools change) unless --fresh.

The JSON document has `districts` (code, name, division, officers, demand share, each factor's
raw value and share, the sentence that explains it), `schools` (urn, name, district, officer),
`officers` (id, district, schools, workload), `sergeants`, `roles`, `method` (used, and why the
default is the default) and `solve` (status, objective, bound, gap, seconds). Once adopted the
officer ids are the real collar numbers.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.allocation import engine as E
from saferschools.allocation import planning, services
from saferschools.allocation.engine import rules as R
from saferschools.core.commands import json_path_argument, write_json_document
from saferschools.core.jobs.terminal import add_background_arguments, run_in_background
from saferschools.estate import rules as estate_rules

#: Penalties that are a broken planning rule (printed whatever the plan's size).
RULE_BREAKS = R.RULE_NAMES


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--officers", type=int, required=True, help="constables to place")
        parser.add_argument("--sergeants", type=int, default=0)
        parser.add_argument(
            "--method",
            default=None,
            help=f"one of {', '.join(E.METHODS)} (default: the force's, else {E.DEFAULT_METHOD})",
        )
        parser.add_argument("--force", default=None, help="the force (when several are loaded)")
        parser.add_argument("--pin", default="", help="keep exactly N: E07000114=7,E06000035=13")
        parser.add_argument("--min", default="", help="district minimums: CODE=N,...")
        parser.add_argument("--max", default="", help="district maximums: CODE=N,...")
        parser.add_argument("--min-sergeants", default="", help="per division: West=2,...")
        parser.add_argument(
            "--max-span", type=float, default=None, help="most constables per sergeant (12)"
        )
        parser.add_argument(
            "--types",
            default=None,
            help="establishment groups with a named officer, comma-separated (default: "
            + ",".join(sorted(estate_rules.NAMED_OFFICER_GROUPS))
            + "; choose from "
            + ",".join(estate_rules.CHOOSABLE_GROUPS)
            + ")",
        )
        parser.add_argument(
            "--weights", default="", help="e.g. crime=1,schools=1,deprivation=1,pupils=1"
        )
        parser.add_argument("--tolerance", type=float, default=0.25, help="workload +/- (0.25)")
        parser.add_argument("--max-schools", type=int, default=6, help="schools per officer (6)")
        parser.add_argument(
            "--time-limit", type=float, default=60.0, help="seconds for the whole plan (60)"
        )
        json_path_argument(parser, "write the plan document here")
        parser.add_argument("--adopt", action="store_true", help="adopt the plan")
        parser.add_argument("--name", default="", help="the plan's name")
        parser.add_argument("--fresh", action="store_true", help="ignore today's named officers")
        parser.add_argument(
            "--bend-tolerance",
            action="store_true",
            help="where the tolerance cannot hold, plan anyway and report by how much it bent",
        )
        add_background_arguments(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        # What the plan is asked for, here or as a background job.
        asked = {
            "constables": opts["officers"],
            "sergeants": opts["sergeants"],
            "method": opts["method"],
            "weights": opts["weights"],
            "tolerance": opts["tolerance"],
            "bend_tolerance": opts["bend_tolerance"],
            "max_schools": opts["max_schools"],
            "time_limit_s": opts["time_limit"],
            "stable": not opts["fresh"],
            "name": opts["name"],
        }
        # The force and the planning rules, in the planner's words (the job reads them alike).
        rule_options = {
            "force": opts["force"],
            "pinned": opts["pin"],
            "minimum": opts["min"],
            "maximum": opts["max"],
            "min_sergeants": opts["min_sergeants"],
            "max_span": opts["max_span"],
            "types": opts["types"],
        }
        if opts["background"] or opts["wait"]:
            if opts["adopt"] or opts["json"]:
                raise CommandError(
                    "--adopt and --json need the plan here: leave out --background/--wait."
                )
            given = {k: v for k, v in rule_options.items() if v not in (None, "")}
            run_in_background(self, kind="allocation.plan", params=asked | given, wait=opts["wait"])
            return
        t0 = time.perf_counter()
        try:
            rules = planning.rules_for_force(**rule_options)
            plan = services.plan_create(force=opts["force"], rules=rules, acting_user=None, **asked)
            adoption = None
            if opts["adopt"]:
                adoption = services.plan_adopt(plan=plan, acting_user=None)
                plan.refresh_from_db()
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        doc = plan.result
        write_json_document(opts["json"], doc)
        for w in doc.get("warnings", [])[:20]:
            self.stderr.write(f"warning: {w}")
        for p in doc.get("penalties", []):
            if p["rule"] in RULE_BREAKS:
                self.stderr.write(f"rule broken: {p['rule']} ({p['amount']:g} {p['unit']})")
                for d in p["details"][:10]:
                    self.stderr.write(f"  {d}")
        s = doc["solve"]
        lines = [
            f"Plan {plan.pk} ({plan.get_status_display().lower()}): {plan.name}",
            f"  method: {doc['method']['name']}"
            + ("" if doc["method"]["is_default"] else f" (default {doc['method']['default']})"),
            f"  solve: {s['status']}, objective {s['objective']:.1f} km, bound "
            f"{s['bound']:.1f} km, gap {s['gap']:.2%}, {s['seconds']:.2f} s "
            f"(total {time.perf_counter() - t0:.1f} s)",
        ]
        for d in doc["districts"]:
            lines.append(f"  {d['officers']:3d}  {d['explanation']}")
        for sg in doc["sergeants"]:
            lines.append(
                f"  {sg['division']}: {sg['sergeants']} sergeant(s) for {sg['constables']} "
                f"constables (span {sg['span']})"
            )
        if adoption is not None:
            lines.append("  " + adoption.as_text())
            lines += [f"  note: {w}" for w in adoption.warnings]
        if opts["json"]:
            lines.append(f"  document: {opts['json']}")
        self.stdout.write("\n".join(lines))

"""saferschools redeploy (--remove N | --officer P1003 [--officer P1010 ...]) --start DATE
--end DATE [--plan ID] [--name NAME] [--reason TEXT] [--commit] --json PATH

A redeployment scenario of the adopted plan (or --plan ID): officers taken away for a period.
Prints and writes which officers go, the schools losing their named officer and who covers
each, each district's coverage before and after, and the workloads during the period. The
scenario is saved for comparison; --commit writes the cover (CoverAssignment rows) and sends
each affected school's headteacher and safeguarding lead their letter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.allocation import engine as E
from saferschools.allocation import selectors, services
from saferschools.allocation.engine import rules as R
from saferschools.allocation.models import Plan
from saferschools.core.commands import json_path_argument, write_json_document


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (use YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--remove", type=int, default=0, help="take N officers away")
        parser.add_argument(
            "--officer", action="append", default=[], help="collar number (repeatable)"
        )
        parser.add_argument("--start", required=True)
        parser.add_argument("--end", required=True)
        parser.add_argument("--plan", type=int, help="plan id (default: the adopted plan)")
        parser.add_argument("--name", default="")
        parser.add_argument("--reason", default="")
        parser.add_argument("--commit", action="store_true", help="write the cover, send letters")
        json_path_argument(parser, "write the scenario document here")

    def handle(self, *args: Any, **opts: Any) -> None:
        start, end = _date(opts["start"]), _date(opts["end"])
        if opts["plan"]:
            plan = Plan.objects.filter(pk=opts["plan"]).first()
            if plan is None:
                raise CommandError(f"No plan {opts['plan']}.")
        else:
            plan = selectors.adopted_plan()
            if plan is None:
                raise CommandError("No plan is adopted yet: run `saferschools plan --adopt`.")
        try:
            scenario = services.scenario_create(
                plan=plan,
                start=start,
                end=end,
                remove_count=opts["remove"],
                officer_ids=opts["officer"],
                name=opts["name"],
                reason=opts["reason"],
                acting_user=None,
            )
            written = None
            if opts["commit"]:
                written = services.scenario_commit(scenario=scenario, acting_user=None)
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        doc = scenario.result
        write_json_document(opts["json"], doc)
        lines = [
            f"Scenario {scenario.pk} of plan {plan.pk}: {scenario.name}",
            f"  officers away: {', '.join(doc['removed'])}",
            f"  schools losing their named officer: {len(doc['affected'])}; "
            f"{doc['schools_keeping_officer']} keep theirs",
        ]
        lines += [
            f"    {a['name']} ({a['urn']}): {a['old_officer']} -> {a['new_officer']}"
            for a in doc["affected"]
        ]
        lines += [
            f"  {c['name']}: {c['officers_before']} -> {c['officers_after']} officers "
            f"for {c['schools']} schools"
            for c in doc["coverage"]
            if c["officers_before"] != c["officers_after"]
        ]
        lines.append(
            f"  largest workload {doc['max_workload_before']} -> {doc['max_workload_after']}"
        )
        for p in doc.get("penalties", []):
            if p["rule"] in R.RULE_NAMES and p["amount"] > 0:
                lines.append(f"  rule broken: {p['rule']} ({p['amount']:g} {p['unit']})")
                lines += [f"    {d}" for d in p["details"][:10]]
        if written is not None:
            lines.append(f"  committed: {written} cover assignment(s) written, schools told.")
        if opts["json"]:
            lines.append(f"  document: {opts['json']}")
        self.stdout.write("\n".join(lines))

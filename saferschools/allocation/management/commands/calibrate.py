"""saferschools calibrate --current CSV --json PATH [--constables N] [--sergeants N]
[--force NAME] [--save]

Fit the demand weights (non-negative) and the apportionment method to the force's current
allocation, and say how close the fit is. The CSV has rows `district_code,constables` (a code
or a district's name) and optionally rows `division,sergeants`; a partial allocation is allowed
(then give the force's total with --constables). Pinned districts in the force's planning rules
keep their pin. The JSON has `weights`, `method` and `districts` (each with `code`, `current`
and `calibrated` constables, and the reason for any difference in words), plus `divisions`
(sergeants) and how close the fit is. --save makes the weights and method the force's default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.allocation import calibration
from saferschools.allocation import engine as E
from saferschools.core.commands import json_path_argument, write_json_document


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--current", type=Path, required=True, help="today's allocation CSV")
        json_path_argument(parser, "write the calibration here")
        parser.add_argument("--constables", type=int, default=None, help="the force's total")
        parser.add_argument("--sergeants", type=int, default=None, help="the force's sergeants")
        parser.add_argument("--force", default=None, help="the force (when several are loaded)")
        parser.add_argument(
            "--save", action="store_true", help="save the weights and method as the default"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            text = o["current"].read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {o['current']}: {exc.strerror}.") from exc
        except UnicodeDecodeError:
            raise CommandError(f"{o['current']} is not UTF-8 text.") from None
        try:
            fit = calibration.calibration_run(
                csv_text=text,
                constables=o["constables"],
                sergeants=o["sergeants"],
                force=o["force"],
            )
            if o["save"]:
                calibration.calibration_save(calibration=fit, acting_user=None, force=o["force"])
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        doc = fit.to_dict()
        write_json_document(o["json"], doc)
        w = doc["weights"]
        lines = [
            fit.summary(),
            f"  method: {doc['method']}; weights: crime {w['crime']:.3f}, schools "
            f"{w['schools']:.3f}, deprivation {w['deprivation']:.3f} (FSM share "
            f"{w['fsm_fraction']:.2f}), pupils {w['pupils']:.3f}",
        ]
        for d in doc["districts"]:
            now = "-" if d["current"] is None else d["current"]
            mark = "*" if d["differs"] else " "
            lines.append(
                f" {mark}{d['name']:<24} today {now!s:>3}  calibrated {d['calibrated']:>3}"
            )
            if d["differs"]:
                lines.append(f"    {d['reason']}")
        for v in doc["divisions"]:
            now = "-" if v["current_sergeants"] is None else v["current_sergeants"]
            lines.append(
                f"  {v['division']}: sergeants today {now}, calibrated "
                f"{v['calibrated_sergeants']} ({v['constables']} constables)"
            )
        if o["save"]:
            lines.append("  saved as the force's default weights and method")
        if o["json"]:
            lines.append(f"  document: {o['json']}")
        self.stdout.write("\n".join(lines))

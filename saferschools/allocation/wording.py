"""Plans and redeployments said in words, with people's names (presentation only).

The engine speaks in officer ids (collar numbers once a plan is adopted) and named penalties
("travel_within_patch: 218.436 km"); the pages speak to an inspector: "PC A. Khan", "The
officers' schools are 218 km from their base schools in all". Nothing here changes a figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from saferschools.workforce.models import Officer

#: What each engine rule means, in words, and how to say its amount.
RULES: dict[str, tuple[str, str]] = {
    "travel_within_patch": (
        "Travel",
        "In all, the officers' schools are {amount} from their base schools (straight-line "
        "distance); less is better.",
    ),
    "workload_within_tolerance": (
        "Workloads outside their district's band",
        "Officers' workloads fall outside their district's band by {amount} in all.",
    ),
    "schools_keep_named_officer": (
        "Schools changing officer",
        "{amount} would change named officer.",
    ),
}


def officer_names(ids: list[str] | set[str] | tuple[str, ...]) -> dict[str, str]:
    """Engine officer id -> "PC A. Khan" for ids that are collar numbers of real officers."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {
        o.collar_number: o.short_name
        for o in Officer.objects.filter(collar_number__in=wanted).only(
            "collar_number", "rank", "first_name", "last_name"
        )
    }


def name_of(officer_id: str, names: dict[str, str]) -> str:
    """A name when the id is a real officer's collar number, else "officer place <id>"."""
    if not officer_id:
        return "no one"
    return names.get(officer_id) or f"officer place {officer_id}"


def join_words(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _amount(value: float, unit: str) -> str:
    if unit == "km":
        return f"{value:,.0f} km"
    if unit == "schools":
        n = int(round(value))
        return f"{n} school{'s' if n != 1 else ''}"
    if unit == "workload points":
        return f"{value:,.1f} workload points"
    return f"{value:,.1f} {unit}".strip()


def penalty_sentences(
    penalties: list[dict[str, Any]], names: dict[str, str]
) -> list[dict[str, Any]]:
    """Each engine penalty as a heading and a sentence (no engine labels), with its details
    reworded to use officers' names."""
    out = []
    for p in penalties:
        title, sentence = RULES.get(
            p.get("rule", ""),
            (str(p.get("rule", "")).replace("_", " ").capitalize(), "{amount}."),
        )
        details = []
        for d in p.get("details") or []:
            text = str(d)
            for officer_id, name in names.items():
                text = text.replace(f"{officer_id}:", f"{name}:").replace(
                    f"-> {officer_id}", f"to {name}"
                )
            details.append(text.replace(" -> ", " to "))
        out.append(
            {
                "title": title,
                "sentence": sentence.format(
                    amount=_amount(float(p.get("amount") or 0), p.get("unit", ""))
                ),
                "details": details if p.get("rule") != "travel_within_patch" else [],
            }
        )
    return out


def scenario_summary(
    doc: dict[str, Any], district_names: dict[str, str], names: dict[str, str]
) -> list[str]:
    """The redeployment's result as a few sentences."""
    start = dt.date.fromisoformat(doc["start"]) if doc.get("start") else None
    end = dt.date.fromisoformat(doc["end"]) if doc.get("end") else None
    removed = [name_of(o, names) for o in doc.get("removed", [])]
    affected = doc.get("affected", [])
    when = f" from {start:%-d %B} to {end:%-d %B %Y}" if start and end else ""
    reason = f" ({doc['reason']})" if doc.get("reason") else ""
    lines = [
        f"{join_words(removed) or 'No officer'} {'is' if len(removed) == 1 else 'are'} taken "
        f"away from schools work{when}{reason}."
    ]
    if affected:
        covers: dict[str, list[str]] = defaultdict(list)
        for a in affected:
            covers[name_of(a.get("new_officer", ""), names)].append(a["name"])
        cover_text = join_words(
            [
                f"{who} covers {join_words(sorted(schools))}"
                for who, schools in sorted(covers.items())
            ]
        )
        lines.append(
            f"{len(affected)} school{'s' if len(affected) != 1 else ''} lose"
            f"{'s' if len(affected) == 1 else ''} their named officer for the period: "
            f"{cover_text}. {doc.get('schools_keeping_officer', 0)} schools keep theirs."
        )
    else:
        lines.append("No school loses its named officer.")
    changed = [
        c for c in doc.get("coverage", []) if c.get("officers_before") != c.get("officers_after")
    ]
    for c in changed:
        name = c.get("name") or district_names.get(c.get("district", ""), "")
        after = c.get("schools_per_officer_after")
        lines.append(
            f"{name} goes from {c['officers_before']} to {c['officers_after']} officers"
            + (
                f": {after:g} schools each instead of {c['schools_per_officer_before']:g}."
                if after is not None and c.get("schools_per_officer_before") is not None
                else ", and its schools are covered from a neighbouring district."
            )
        )
    before, after = doc.get("max_workload_before"), doc.get("max_workload_after")
    if before is not None and after is not None:
        lines.append(
            f"The busiest officer's workload goes from {before:.1f} to {after:.1f} points "
            "during the period."
            if after != before
            else f"The busiest officer's workload stays at {before:.1f} points."
        )
    return lines


def plan_officer_choices(plan_result: dict[str, Any]) -> list[tuple[str, str]]:
    """(collar number, "PC A. Khan, Thanet (3 schools)") for every officer of a plan."""
    officers = plan_result.get("officers", [])
    names = officer_names([o["id"] for o in officers])
    districts = {d["code"]: d["name"] for d in plan_result.get("districts", [])}
    rows = sorted(
        officers,
        key=lambda o: (districts.get(o["district"], o["district"]), name_of(o["id"], names)),
    )
    return [
        (
            o["id"],
            f"{name_of(o['id'], names)}, {districts.get(o['district'], o['district'])} "
            f"({len(o.get('schools', []))} school{'s' if len(o.get('schools', [])) != 1 else ''})",
        )
        for o in rows
    ]


def lightest_in_district(plan_result: dict[str, Any], district: str, count: int) -> list[str]:
    """The `count` officers of a district whose loss costs least: the lightest workloads
    (fewest schools, then lowest workload points), so the fewest schools need cover."""
    officers = [o for o in plan_result.get("officers", []) if o["district"] == district]
    officers.sort(key=lambda o: (len(o.get("schools", [])), o.get("workload", 0), o["id"]))
    return [o["id"] for o in officers[:count]]


def resolve_officers(text: str, plan_result: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Officers typed by name or collar number ("Khan, P1003") -> (ids, problems)."""
    choices = plan_officer_choices(plan_result)
    ids = [c[0] for c in choices]
    names = officer_names(ids)
    found: list[str] = []
    problems: list[str] = []
    for raw in [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]:
        if raw.upper() in {i.upper() for i in ids}:
            found.append(next(i for i in ids if i.upper() == raw.upper()))
            continue
        needle = raw.lower()
        matches = [i for i in ids if i in names and needle in names[i].lower()]
        if len(matches) == 1:
            found.append(matches[0])
        elif not matches:
            problems.append(f"No officer of this plan is called “{raw}”")
        else:
            problems.append(
                f"“{raw}” could be {join_words([names[m] for m in matches[:5]])}: "
                "give more of the name or the collar number"
            )
    return list(dict.fromkeys(found)), problems

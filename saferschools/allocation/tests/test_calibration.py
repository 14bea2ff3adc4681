"""`saferschools calibrate` and the calibration page on a small force in the database."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from saferschools.allocation import services
from saferschools.allocation.models import ForcePlanning, Plan


def product_allocation(force, weights: str, constables: int = 9) -> dict[str, int]:
    plan = services.plan_create(
        constables=constables,
        sergeants=4,
        weights=weights,
        method="webster",
        acting_user=force.users["inspector"],
        stable=False,
        bend_tolerance=True,
    )
    return {d["code"]: d["officers"] for d in plan.result["districts"]}


@pytest.mark.django_db
def test_calibrate_command_recovers_the_products_own_allocation(force, tmp_path):
    made = product_allocation(force, "crime=3,schools=0.2,deprivation=0.5,pupils=1")
    csv = tmp_path / "today.csv"
    csv.write_text("district_code,constables\n" + "".join(f"{c},{n}\n" for c, n in made.items()))
    out = tmp_path / "fit.json"
    call_command("calibrate", "--current", str(csv), "--json", str(out), "--save")
    doc = json.loads(out.read_text())
    assert set(doc) >= {"weights", "method", "districts"}
    assert {d["code"]: d["calibrated"] for d in doc["districts"]} == made
    assert all(d["current"] == d["calibrated"] for d in doc["districts"]) and doc["exact"]
    saved = ForcePlanning.objects.get()
    assert saved.method == doc["method"] and saved.weights["crime"] == pytest.approx(
        doc["weights"]["crime"], abs=1e-5
    )
    # A new plan starts from the force's calibrated default and gives today's numbers.
    again = services.plan_create(
        constables=9,
        sergeants=4,
        acting_user=force.users["inspector"],
        stable=False,
        bend_tolerance=True,
    )
    assert {d["code"]: d["officers"] for d in again.result["districts"]} == made


@pytest.mark.django_db
def test_partial_allocation_needs_the_total_and_names_districts(force, tmp_path):
    made = product_allocation(force, "crime=1,schools=1,deprivation=1,pupils=1")
    first = next(iter(made))
    name = next(d.name for d in force.districts if d.code == first)
    csv = tmp_path / "part.csv"
    csv.write_text(f"district_code,constables\n{name},{made[first]}\ndivision,sergeants\n")
    with pytest.raises(CommandError, match="--constables"):
        call_command("calibrate", "--current", str(csv))
    out = tmp_path / "fit.json"
    call_command("calibrate", "--current", str(csv), "--constables", "9", "--json", str(out))
    doc = json.loads(out.read_text())
    by_code = {d["code"]: d for d in doc["districts"]}
    assert by_code[first]["current"] == made[first] == by_code[first]["calibrated"]
    assert sum(d["calibrated"] for d in doc["districts"]) == 9
    bad = tmp_path / "bad.csv"
    bad.write_text("district_code,constables\nNowhere,3\n")
    with pytest.raises(CommandError, match="Nowhere"):
        call_command("calibrate", "--current", str(bad), "--constables", "9")
    bad.write_text("district,officers\nNortham,3\n")
    with pytest.raises(CommandError, match="header line district_code,constables"):
        call_command("calibrate", "--current", str(bad))


@pytest.mark.django_db
def test_calibration_page_shows_today_beside_the_proposal_and_saves(force, client):
    made = product_allocation(force, "crime=1,schools=2,deprivation=0,pupils=1")
    codes = list(made)
    # Today's numbers differ from anything the weights can give: one officer moved.
    today = dict(made)
    donor = max(codes, key=lambda c: today[c])
    taker = min(codes, key=lambda c: today[c])
    today[donor] -= 1
    today[taker] += 1
    text = "district_code,constables\n" + "".join(f"{c},{n}\n" for c, n in today.items())
    text += "division,sergeants\nNorth,1\n"
    client.force_login(force.users["coordinator"])
    page = client.post(reverse("allocation:calibrate"), {"current": text, "action": "calibrate"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="calibration-districts"' in body and "Today" in body
    fit = page.context["fit"]
    assert len(fit["districts"]) == 3
    for d in fit["districts"]:
        assert d["current"] == today[d["code"]]
        if d["differs"]:
            assert d["reason"] in body.replace("&#x27;", "'")
    north = next(v for v in fit["divisions"] if v["division"] == "North")
    assert north["current_sergeants"] == 1 and north["calibrated_sergeants"] >= 2
    assert "seven" in north["reason"] or "7 days" in north["reason"]
    # The co-ordinator reads; only the inspector saves.
    denied = client.post(reverse("allocation:calibrate"), {"current": text, "action": "save"})
    assert denied.status_code == 403 and not ForcePlanning.objects.exists()
    client.force_login(force.users["inspector"])
    saved = client.post(reverse("allocation:calibrate"), {"current": text, "action": "save"})
    assert saved.status_code == 302 and ForcePlanning.objects.get().method == fit["method"]
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_plan_page_takes_the_forces_rules_and_shows_what_cannot_hold(force, client):
    client.force_login(force.users["inspector"])
    northam = force.districts[0]
    form = client.get(reverse("allocation:plan_create"))
    assert form.status_code == 200 and "Pinned districts" in form.content.decode()
    made = client.post(
        reverse("allocation:plan_create"),
        {
            "officers": 7,
            "sergeants": 1,
            "method": "webster",
            "crime": 1,
            "schools": 1,
            "deprivation": 1,
            "pupils": 1,
            "tolerance": 3,
            "max_schools": 6,
            "pinned": f"{northam.name}=3",
            "max_span": 15,
            "types": ["secondary", "special", "ap"],
        },
    )
    assert made.status_code == 302, made.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.result["rules"]["pinned"] == {northam.code: 3}
    assert plan.inputs["settings"]["rules"]["named_groups"] == ["ap", "secondary", "special"]
    assert {d["code"]: d["officers"] for d in plan.result["districts"]}[northam.code] == 3
    page = client.get(reverse("allocation:plan_detail", args=[plan.pk])).content.decode()
    # One sergeant for two divisions: seven-day supervision cannot hold, and the page says so.
    assert 'id="rule-breaks"' in page and "Seven-day supervision by a sergeant" in page
    assert "short by" in page

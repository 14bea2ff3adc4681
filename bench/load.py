"""Load benchmark (issue 17): national volume through the bulk path, many users, the production
server, on PostgreSQL beside the same run on SQLite.

For each database it:
1. migrates a fresh database and loads Kent & Medway from the real extracts (SHARED_DATA_DIR):
   estate, officers, an adopted allocation plan, demo accounts;
2. builds the volume through the bulk import of history (`casework.bulk_import`): children
   across the programme schools, CONCERNS concerns over six years, incidents, searches and
   referrals in proportion; the import's records per second are reported;
3. starts gunicorn with the production settings on 127.0.0.1 (WEB_WORKERS x WEB_THREADS);
4. drives it with a bounded asyncio client (httpx, 127.0.0.1 only): an open-loop schedule of
   RATE requests a second in total over the officer, sergeant, co-ordinator and public pages,
   at most CONCURRENCY in flight, for SECONDS, then stops by itself; latency is measured from
   the scheduled send time (a server that falls behind shows it);
5. times the monthly report (HTML, PDF and CSV) as the background job runs it;
6. prints req/s and p50/p95/p99 per page, with the machine's load average and core count.

    .venv/bin/python bench/load.py --concerns 100000            # both databases
    .venv/bin/python bench/load.py --concerns 1000000 --db postgres --seconds 60
    .venv/bin/python bench/load.py --db postgres --reuse --seconds 30   # pages only, same data

Nothing leaves 127.0.0.1. The PostgreSQL database is BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ss_volume_bench), dropped and created afresh.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
SECRET = "bench-only-" + "k" * 60
BENCH_FERNET = "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMtISE="  # 32 bytes, bench only
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/ss_volume_bench"

# ----------------------------------------------------------------------------- volume


CATEGORIES = ["bullying", "online", "assault", "drugs", "weapons", "cce", "gangs", "other"]


def write_volume(folder: Path, schools: list[tuple[int, int]], concerns: int, seed: int) -> dict:
    """CSV files in the import layouts. `schools` = [(urn, pupils)]; children in proportion to
    pupils; each school has one child with 300 concerns (the probe's long chronology)."""
    rng = random.Random(seed)
    children = max(len(schools), concerns // 5)
    weights = [max(p, 100) for _, p in schools]
    urns = rng.choices([u for u, _ in schools], weights=weights, k=children)
    for k, (u, _) in enumerate(schools):  # every school has children
        urns[k] = u
    today = dt.date.today()
    eth = [
        ("white_british", 70),
        ("black_african", 5),
        ("black_caribbean", 3),
        ("asian_indian", 4),
        ("asian_pakistani", 3),
        ("mixed_white_black_caribbean", 4),
        ("other_arab", 2),
        ("not_stated", 9),
    ]
    eth_codes, eth_w = zip(*eth, strict=True)
    counts: dict[str, int] = {}
    with open(folder / "young_person.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "ref",
                "school_urn",
                "first_name",
                "last_name",
                "date_of_birth",
                "year_group",
                "sex",
                "ethnicity",
                "fsm",
                "sen",
                "looked_after",
                "lawful_basis",
                "opened_on",
            ]
        )
        for k, urn in enumerate(urns):
            age = rng.randint(11, 17)
            dob = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            w.writerow(
                [
                    f"B{k}",
                    urn,
                    f"Child{k}",
                    f"Volume{k % 997}",
                    dob.isoformat(),
                    min(13, max(7, age - 4)),
                    rng.choice(["female", "male"]),
                    rng.choices(eth_codes, eth_w)[0],
                    rng.choice(["yes", "no", "no", "not_known"]),
                    rng.choice(["none", "none", "sen_support", "ehcp", "not_known"]),
                    "no",
                    "law_enforcement",
                    (today - dt.timedelta(days=rng.randint(30, 6 * 365))).isoformat(),
                ]
            )
    counts["young_person"] = children
    # Two days back: a search's parent is told up to 30 hours after it, never in the future.
    now = dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=2)
    span = 6 * 365 * 86400

    def when() -> dt.datetime:
        return now - dt.timedelta(seconds=rng.randint(0, span))

    heavy = list(range(len(schools)))  # one child per school with 300 concerns
    with open(folder / "concern.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "young_person_ref",
                "category",
                "raised_by",
                "raised_at",
                "risk_level",
                "details",
                "childs_words",
                "status",
            ]
        )
        n = 0
        for h in heavy:
            for _ in range(min(300, concerns // (len(heavy) * 3) or 1)):
                w.writerow(
                    [f"B{h}", "bullying", "school", when().isoformat(), 2, "D.", "W.", "open"]
                )
                n += 1
        while n < concerns:
            w.writerow(
                [
                    f"B{rng.randrange(children)}",
                    rng.choice(CATEGORIES),
                    rng.choice(["school", "parent", "officer", "child"]),
                    when().isoformat(),
                    rng.randint(1, 3),
                    "Synthetic concern for the load benchmark.",
                    "Synthetic words." if rng.random() < 0.7 else "",
                    "open",
                ]
            )
            n += 1
    counts["concern"] = concerns
    n_inc = concerns // 10
    with open(folder / "incident.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "young_person_ref",
                "occurred_at",
                "reported_by",
                "category",
                "description",
                "on_school_premises",
                "outcome",
                "outcome_at",
            ]
        )
        for _ in range(n_inc):
            t = when()
            outcome = rng.choice(
                [
                    "nfa",
                    "words_of_advice",
                    "restorative",
                    "community_resolution",
                    "arrest",
                    "pending",
                ]
            )
            w.writerow(
                [
                    f"B{rng.randrange(children)}",
                    t.isoformat(),
                    "school",
                    rng.choice(CATEGORIES),
                    "Synthetic incident.",
                    rng.choice(["yes", "no"]),
                    outcome,
                    "" if outcome == "pending" else (t + dt.timedelta(hours=2)).isoformat(),
                ]
            )
    counts["incident"] = n_inc
    n_s = concerns // 30
    with open(folder / "search.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "young_person_ref",
                "searched_at",
                "reason",
                "grounds",
                "power",
                "location",
                "extent",
                "searched_by_name",
                "outcome",
                "parent_told_at",
            ]
        )
        for _ in range(n_s):
            t = when()
            w.writerow(
                [
                    f"B{rng.randrange(children)}",
                    t.isoformat(),
                    "drugs",
                    "Synthetic grounds.",
                    "education_act",
                    "school",
                    "possessions",
                    "PC Bench",
                    rng.choice(["nothing", "nothing", "confiscated", "arrest"]),
                    (t + dt.timedelta(hours=rng.choice([1, 2, 30]))).isoformat(),
                ]
            )
    counts["search"] = n_s
    n_r = concerns // 20
    with open(folder / "referral.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["young_person_ref", "service", "reason", "made_on", "due_date", "consent", "status"]
        )
        for _ in range(n_r):
            d = when().date()
            w.writerow(
                [
                    f"B{rng.randrange(children)}",
                    rng.choice(["early_help", "csc", "camhs", "prevent", "youth"]),
                    "Synthetic referral.",
                    d.isoformat(),
                    (d + dt.timedelta(days=14)).isoformat(),
                    rng.choice(["child", "parent"]),
                    "made",
                ]
            )
    counts["referral"] = n_r
    return counts


# ----------------------------------------------------------------------------- one database


def django_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        FIELD_ENCRYPTION_KEYS=BENCH_FERNET,
        AUDIT_HMAC_KEYS="bench-only-audit-key-" + "a" * 32,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SAFERSCHOOLS_VAR_DIR=str(var_dir),
        LOG_LEVEL="ERROR",
    )
    if redis_up():  # as docs/production.md runs it: one Redis for the cache and rate limits
        env.update(CACHE_URL=BENCH_REDIS, RATELIMIT_REDIS_URL=BENCH_REDIS)
    return env


BENCH_REDIS = "redis://127.0.0.1:6379/15"


def redis_up() -> bool:
    """Redis on this machine (the production stack's cache); without it the bench runs as a
    machine without Redis would, with rate limits counted in the database."""
    import socket

    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), 1):
        return True
    return False


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, cwd=ROOT, text=True, capture_output=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-5000:])
        raise SystemExit(f"failed: {' '.join(cmd[:3])}")
    return done


SETUP = r"""
import json, os, sys, time
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from saferschools.demo import bootstrap as b
out = StringIO()
t = time.perf_counter()
call_command("migrate", verbosity=0)
for name, step in b.steps(os.environ["SHARED_DATA_DIR"]):
    if name in {"area", "officers", "plan", "accounts"}:
        step(out)
from saferschools.estate.models import Establishment
from saferschools.workforce.models import SchoolAssignment
schools = [(s.urn, s.number_of_pupils or 0) for s in Establishment.objects.filter(
    pk__in=SchoolAssignment.objects.values("establishment_id"))]
print(json.dumps({"schools": schools, "seconds": time.perf_counter() - t}))
"""

IMPORT = r"""
import json, os, sys, time
import django
django.setup()
from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.casework.bulk_import import ImportRefused, import_history
user, _ = User.objects.get_or_create(username="bench-importer", defaults={"role": Role.INSPECTOR})
folder = sys.argv[1]
out = {}
for kind in ["young_person", "concern", "incident", "search", "referral"]:
    try:
        r = import_history(acting_user=user, kind=kind, source=f"{folder}/{kind}.csv")
    except ImportRefused as exc:
        sys.exit(kind + ": " + "\n".join(exc.errors[:10]))
    out[kind] = {"rows": r.rows, "seconds": r.seconds}
print(json.dumps(out))
"""

SESSIONS = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.casework.models import YoungPerson, Concern
from saferschools.workforce.models import Officer, SchoolAssignment
from django.db.models import Count

def account(officer, role, name):
    if officer.user_id is None:
        officer.user = User.objects.create(username=name, role=role)
        officer.save(update_fields=["user"])
    return officer.user

def session(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    c = Client()
    c.force_login(user)
    s = c.session
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s.save()
    return s.session_key

officers = []
for a in SchoolAssignment.objects.select_related("officer").order_by("officer_id"):
    o = a.officer
    if o.pk in {x[0] for x in officers}:
        continue
    u = account(o, Role.SCHOOLS_OFFICER, f"bench-pc-{o.pk}")
    heavy = (YoungPerson.objects.filter(school_id=a.establishment_id)
             .annotate(n=Count("concerns")).order_by("-n").values_list("pk", flat=True).first())
    officers.append((o.pk, session(u), heavy, a.establishment.urn))
    if len(officers) >= 40:
        break
sergeants = []
for o in Officer.objects.filter(team__isnull=False).distinct()[:6]:
    u = account(o, Role.SERGEANT, f"bench-sgt-{o.pk}")
    sergeants.append(session(u))
coord, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"role": Role.COORDINATOR})
print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "officers": officers,
                  "sergeants": sergeants, "coordinator": [session(coord)]}))
"""


@dataclass
class Result:
    label: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    seconds: float = 0.0
    sent: int = 0
    info: dict[str, Any] = field(default_factory=dict)
    #: The load phases run against this database, by title (each a Result of its own).
    phases: dict[str, Result] = field(default_factory=dict)


def pages(s: dict[str, Any], month: str, phase: str = "mixed") -> list[tuple[str, str, str, float]]:
    """(page, role, path, weight): the request mix. Officer pages and API lists carry most of
    the load; the co-ordinator's figures are asked for rarely (they are heavy and few).

    phase "officer": only the officer pages and API lists (the issue's 50 requests a second);
    "oversight": only the sergeant, co-ordinator and public pages (asked one at a time);
    "mixed": everything together."""
    mix: list[tuple[str, str, str, float]] = []
    for _, _, _heavy, _urn in s["officers"]:
        mix += [
            ("officer: school list", "officer", "/schools/", 1),
            ("officer: concerns list", "officer", "/casework/concerns/", 2),
            (
                "officer: concerns filtered",
                "officer",
                "/casework/concerns/?category=bullying&risk_level=2",
                1,
            ),
            ("officer: young people", "officer", "/casework/young-people/", 1),
            (
                "officer: chronology (300)",
                "officer",
                "/casework/young-people/0/chronology/",
                1,
            ),
            ("officer: API concerns", "officer", "/api/casework/concerns/", 2),
            ("officer: API young people", "officer", "/api/casework/young-people/", 1),
        ]
    mix = [(p, r, path, w / len(s["officers"])) for p, r, path, w in mix]
    if phase == "officer":
        return mix
    rest: list[tuple[str, str, str, float]] = [
        ("sergeant: incidents for review", "sergeant", "/casework/incidents/?for_review=true", 1),
        ("sergeant: concerns list", "sergeant", "/casework/concerns/", 1),
        ("sergeant: review queue", "sergeant", "/oversight/reviews/", 0.3),
        ("co-ordinator: indicators", "coordinator", f"/oversight/indicators/{month}/", 0.15),
        ("co-ordinator: fairness", "coordinator", "/oversight/fairness/", 0.15),
        (
            "co-ordinator: disproportionality",
            "coordinator",
            f"/oversight/disproportionality/{month}/",
            0.1,
        ),
        ("public: find", "public", "/find/?q=Margate", 1.5),
        ("public: report", "public", f"/oversight/public/{month}/", 0.3),
    ]
    return rest if phase == "oversight" else mix + rest


async def drive(
    base: str,
    sessions: dict[str, Any],
    month: str,
    rate: float,
    seconds: float,
    concurrency: int,
    drain: float = 60.0,
    phase: str = "mixed",
) -> Result:
    import httpx

    assert base.startswith("http://127.0.0.1:"), "the load client only talks to 127.0.0.1"
    mix = pages(sessions, month, phase)
    weights = [w for *_, w in mix]
    rng = random.Random(1)
    res = Result("")
    sem = asyncio.Semaphore(concurrency)
    cookie = sessions["cookie"]
    officer_cycle = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        def record(page: str, code: int, took: float) -> None:
            res.samples.setdefault(page, []).append(took)
            res.statuses.setdefault(page, {}).setdefault(code, 0)
            res.statuses[page][code] += 1
            if code != 200:
                res.errors[page] = res.errors.get(page, 0) + 1

        async def one(page: str, role: str, path: str, scheduled: float, key: str | None) -> None:
            try:
                async with sem:
                    headers = {"Cookie": f"{cookie}={key}"} if key else {}
                    try:
                        r = await client.get(path, headers=headers)
                        code = r.status_code
                    except httpx.HTTPError:
                        code = 0
            except asyncio.CancelledError:  # cut off at the end (sent or still queued here)
                record(page, 0, (time.perf_counter() - scheduled) * 1000)
                raise
            record(page, code, (time.perf_counter() - scheduled) * 1000)

        tasks = []
        start = time.perf_counter()
        k = 0
        while True:
            scheduled = start + k / rate
            if scheduled - start >= seconds:
                break
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            page, role, path, _ = rng.choices(mix, weights)[0]
            key = None
            if role == "officer":
                o = sessions["officers"][officer_cycle % len(sessions["officers"])]
                officer_cycle += 1
                key = o[1]
                if "chronology" in page:
                    path = f"/casework/young-people/{o[2]}/chronology/"
            elif role == "sergeant":
                key = rng.choice(sessions["sergeants"])
            elif role == "coordinator":
                key = sessions["coordinator"][0]
            tasks.append(asyncio.create_task(one(page, role, path, scheduled, key)))
            k += 1
        # Stop by itself: what has not answered DRAIN seconds after the last send is cut off
        # and counted as not answered (status 0, its time so far).
        _, late = await asyncio.wait(tasks, timeout=drain)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)
        res.seconds = time.perf_counter() - start
        res.sent = k
        res.info["cut_off"] = len(late)
    return res


async def one_at_a_time(base: str, sessions: dict[str, Any], month: str, repeats: int) -> Result:
    """Each sergeant, co-ordinator and public page asked `repeats` times, one request in
    flight: what one person waits for the page on a server that is otherwise busy only with
    them (the issue's "indicators and fairness pages under 1 s")."""
    import httpx

    assert base.startswith("http://127.0.0.1:"), "the load client only talks to 127.0.0.1"
    res = Result("")
    cookie = sessions["cookie"]
    keys = {
        "sergeant": sessions["sergeants"][0],
        "coordinator": sessions["coordinator"][0],
        "public": None,
    }
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for page, role, path, _ in pages(sessions, month, "oversight"):
            key = keys[role]
            headers = {"Cookie": f"{cookie}={key}"} if key else {}
            for _ in range(repeats):
                t = time.perf_counter()
                try:
                    code = (await client.get(path, headers=headers)).status_code
                except httpx.HTTPError:
                    code = 0
                took = (time.perf_counter() - t) * 1000
                res.samples.setdefault(page, []).append(took)
                res.statuses.setdefault(page, {}).setdefault(code, 0)
                res.statuses[page][code] += 1
                if code != 200:
                    res.errors[page] = res.errors.get(page, 0) + 1
                res.sent += 1
    res.seconds = time.perf_counter() - start
    return res


def wait_http(url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.time() + seconds
    while time.time() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=5).status_code < 500:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def bench_database(
    label: str, database_url: str, data_dir: Path, volume: Path | None, args: Any
) -> tuple[Result, Path]:
    var = Path(tempfile.mkdtemp(prefix=f"ss-bench-{label}-"))
    env = django_env(database_url, var)
    env["SHARED_DATA_DIR"] = str(data_dir)
    py = str(VENV_BIN / "python")
    res = Result(label)
    if args.reuse:  # the database a previous run built: straight to the pages
        return _serve_and_drive(res, env, database_url, args, var), volume or var
    t = time.perf_counter()
    setup = json.loads(run([py, "-c", SETUP], env).stdout.splitlines()[-1])
    res.info["setup_seconds"] = round(time.perf_counter() - t, 1)
    res.info["schools"] = len(setup["schools"])
    if volume is None:
        volume = Path(tempfile.mkdtemp(prefix="ss-bench-csv-"))
        t = time.perf_counter()
        res.info["records"] = write_volume(volume, setup["schools"], args.concerns, args.seed)
        res.info["csv_seconds"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    imported = json.loads(run([py, "-c", IMPORT, str(volume)], env).stdout.splitlines()[-1])
    res.info["import"] = imported
    rows = sum(v["rows"] for v in imported.values())
    secs = sum(v["seconds"] for v in imported.values())
    res.info["import_total"] = {
        "rows": rows,
        "seconds": round(secs, 1),
        "per_second": round(rows / secs),
    }
    print(f"# {label}: built " + json.dumps(res.info), flush=True)  # kept if the run is cut
    return _serve_and_drive(res, env, database_url, args, var), volume


def _serve_and_drive(
    res: Result, env: dict[str, str], database_url: str, args: Any, var: Path
) -> Result:
    """Analyse, time the report job, start gunicorn and drive the pages."""
    py = str(VENV_BIN / "python")
    if database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(
            database_url.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute("VACUUM ANALYZE")
    sessions = json.loads(run([py, "-c", SESSIONS], env).stdout.splitlines()[-1])
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")

    if args.skip_report:
        res.info.update(report_seconds="not run", report_state="--skip-report", report_files=[])
    else:
        _report_job(res, env, month)

    # Static files as production serves them (hashed names, whitenoise): staticfiles/.
    run([py, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    port = args.port
    genv = dict(
        env,
        WEB_BIND=f"127.0.0.1:{port}",
        WEB_WORKERS=str(args.workers),
        WEB_THREADS=str(args.threads),
        WEB_ACCESS_LOG="/dev/null",
    )
    log = open(var / "gunicorn.log", "w")  # noqa: SIM115 (closed after the run)
    web = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        env=genv,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/find/")
        # Warm up every page once (first requests compile templates, fill caches).
        asyncio.run(drive(f"http://127.0.0.1:{port}", sessions, month, 10, 3, 8))
        base = f"http://127.0.0.1:{port}"
        res.info["load_before"] = os.getloadavg()
        officer = asyncio.run(
            drive(
                base,
                sessions,
                month,
                args.rate,
                args.seconds,
                args.concurrency,
                args.drain,
                phase="officer",
            )
        )
        officer.info["load_after"] = os.getloadavg()
        res.phases[f"Officer pages and API lists, {args.rate:g} req/s offered"] = officer
        single = asyncio.run(one_at_a_time(base, sessions, month, args.repeats))
        single.info["load_after"] = os.getloadavg()
        res.phases["Sergeant, co-ordinator and public pages, one request at a time"] = single
        if args.mixed_rate:
            mixed = asyncio.run(
                drive(
                    base,
                    sessions,
                    month,
                    args.mixed_rate,
                    args.seconds,
                    args.concurrency,
                    args.drain,
                    phase="mixed",
                )
            )
            mixed.info["load_after"] = os.getloadavg()
            res.phases[f"Every page together, {args.mixed_rate:g} req/s offered"] = mixed
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            web.wait(30)
        log.close()
    return res


def _report_job(res: Result, env: dict[str, str], month: str) -> None:
    """The monthly report as the background job makes it (HTML, PDF and CSV, force version):
    the job kind `oversight.report`, run here by `job run --inline` (the worker runs the same
    function, recording its progress on the Job row)."""
    t = time.perf_counter()
    job = json.loads(
        run(
            [
                str(VENV_BIN / "saferschools"),
                "job",
                "run",
                "oversight.report",
                "--param",
                f"month={month}",
                "--inline",
                "--json",
            ],
            env,
        ).stdout.splitlines()[-1]
    )
    res.info["report_seconds"] = round(time.perf_counter() - t, 1)
    res.info["report_state"] = job.get("state")
    res.info["report_files"] = (job.get("result") or {}).get("files", [])


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(results: list[Result], args: Any) -> str:
    lines = [
        f"# bench/load.py: {args.concerns:,} concerns, {args.rate:g} req/s offered for "
        f"{args.seconds:g} s, {args.concurrency} in flight at most; gunicorn {args.workers} "
        f"workers x {args.threads} threads; {os.cpu_count()} cores; cache and rate limits in "
        + ("Redis" if redis_up() else "the database (no Redis on 127.0.0.1:6379)"),
        "",
    ]
    for r in results:
        i = r.info
        built = (
            f"setup (area, officers, plan) {i['setup_seconds']} s; bulk import "
            f"{i['import_total']['rows']:,} records in {i['import_total']['seconds']} s "
            f"= {i['import_total']['per_second']:,} records/s "
            + ", ".join(
                f"{k} {v['rows']:,} ({v['rows'] / v['seconds']:,.0f}/s)"
                for k, v in i["import"].items()
            )
            if "import" in i
            else "the database a previous run built (--reuse)"
        )
        lines += [
            f"## {r.label}",
            built,
            f"monthly report job (HTML, PDF, CSV): {i['report_seconds']} s, "
            f"{i['report_state']} ({', '.join(i['report_files'])})",
            f"load average {i['load_before'][0]:.1f} before the pages",
            "",
        ]
        for title, ph in r.phases.items():
            lines += [
                f"### {title}",
                f"sent {ph.sent} requests, {ph.sent / ph.seconds:.1f} req/s over "
                f"{ph.seconds:.0f} s (until the last answer; {ph.info.get('cut_off', 0)} cut "
                f"off unanswered after {args.drain:g} s); load average "
                f"{ph.info['load_after'][0]:.1f} after",
                "",
                "| page | requests | req/s | p50 ms | p95 ms | p99 ms | not 200 |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            rows = sorted(ph.samples.items())
            if len(rows) > 1:
                rows.append(("**all of the above**", [x for _, v in rows for x in v]))
            for page, v in rows:
                bad = (
                    sum(ph.errors.get(p, 0) for p in ph.samples)
                    if page.startswith("**")
                    else (ph.errors.get(page, 0))
                )
                lines.append(
                    f"| {page} | {len(v)} | {len(v) / ph.seconds:.1f} | {pct(v, 50):,.0f} | "
                    f"{pct(v, 95):,.0f} | {pct(v, 99):,.0f} | {bad}"
                    + (f" {dict(ph.statuses[page])}" if ph.errors.get(page) else "")
                    + " |"
                )
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concerns", type=int, default=100_000)
    parser.add_argument("--db", choices=["both", "postgres", "sqlite"], default="both")
    parser.add_argument("--rate", type=float, default=50.0, help="requests a second, in total")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--repeats", type=int, default=5, help="each oversight page, one request at a time"
    )
    parser.add_argument(
        "--mixed-rate",
        type=float,
        default=0.0,
        help="also drive every page together at this rate (0: not run)",
    )
    parser.add_argument(
        "--drain", type=float, default=60.0, help="seconds to wait for answers after the last send"
    )
    parser.add_argument(
        "--sqlite-file", help="the SQLite database (kept; default: a temporary one)"
    )
    parser.add_argument("--skip-report", action="store_true", help="do not time the report job")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database a previous run built (no setup, no import): the pages only",
    )
    parser.add_argument(
        "--data", default=os.environ.get("SHARED_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--out", help="also write the Markdown report here")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "gias").is_dir():
        print(f"No real extracts at {data} (set SHARED_DATA_DIR): nothing to benchmark.")
        return 0
    results = []
    volume = None
    if args.db in {"both", "postgres"}:
        url = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
        import psycopg

        admin, name = url.rsplit("/", 1)
        if not args.reuse:
            with psycopg.connect(
                admin.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
                c.execute(f'CREATE DATABASE "{name}"')
        r, volume = bench_database("PostgreSQL 15", url, data, volume, args)
        results.append(r)
        print(report(results[-1:], args), flush=True)
    if args.db in {"both", "sqlite"}:
        if args.sqlite_file:
            sqlite = Path(args.sqlite_file).resolve()
        else:
            sqlite = Path(tempfile.mkdtemp(prefix="ss-bench-sqlite-")) / "bench.sqlite3"
        if not args.reuse:
            sqlite.unlink(missing_ok=True)
        r, volume = bench_database("SQLite", f"sqlite:///{sqlite}", data, volume, args)
        results.append(r)
        print(report(results[-1:], args), flush=True)
        if not args.sqlite_file:
            shutil.rmtree(sqlite.parent, ignore_errors=True)
    text = report(results, args)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    if volume is not None and volume.name.startswith("ss-bench-csv-"):
        shutil.rmtree(volume, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

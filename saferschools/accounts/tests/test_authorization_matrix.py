"""Every role against every URL in the project, for a record inside and outside the user's
scope, checked against ONE table (`access_table.py`). New URLs are found through the URL
resolver, so a URL without a row fails `test_every_url_has_a_row` until someone adds one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve, reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry

from .access_table import ACCESS, AWAITING_ROWS, KINDS, Access, rule_for
from .urlwalk import Endpoint, build_url, endpoints, placeholder
from .world import build_world

ROLES: list[str | None] = [None, *Role]  # None: not signed in
TABLE = "saferschools/accounts/tests/access_table.py"


def classify(response: Any) -> str:
    code = response.status_code
    if code in (401, 403, 404):
        return "denied"
    if 300 <= code < 400:
        location = response["Location"].split("?")[0]
        logins = (reverse("accounts:login"), reverse("admin:login"))
        return "login" if location.endswith(logins) else "allowed"
    if 200 <= code < 300:
        return "allowed"
    return f"status {code}"


def expected(rule: Access, role: str | None, scope: str) -> bool:
    if role is None:
        return rule.public
    if role not in rule.roles:
        return False
    if scope == "outside":
        assert rule.needs is not None
        everywhere = rule.outside if rule.outside is not None else KINDS[rule.needs].everywhere
        return role in everywhere
    return True


def cases(endpoint: Endpoint, rule: Access, world: Any) -> list[tuple[str, str]]:
    """(scope, url) pairs for this endpoint."""
    params = endpoint.params
    if rule.needs:
        if rule.needs not in KINDS:
            raise LookupError(f"no KINDS entry {rule.needs!r} in {TABLE}")
        inside, outside = KINDS[rule.needs].build(world)
        out = []
        for scope, obj in (("inside", inside), ("outside", outside)):
            missing = [p for p in params if not hasattr(obj, p)]
            if missing:
                raise LookupError(f"a {rule.needs} has no attribute {missing} for the URL")
            out.append((scope, build_url(endpoint, {p: getattr(obj, p) for p in params})))
        return out
    if params and not rule.gate_only:
        raise LookupError(f"the URL takes {params}: give the row needs=<kind>")
    values = {p: placeholder(endpoint, p) for p in params}
    id_params = [p for p in params if p in ("object_id", "pk")]
    if id_params and endpoint.name.startswith("admin:"):
        # An admin object page is checked on an object that exists (ids differ by database).
        obj = _admin_object(endpoint.name.split(":", 1)[1])
        if obj is None:
            return []  # no row of that model to open: nothing to check
        values.update(dict.fromkeys(id_params, obj.pk))
    return [("-", build_url(endpoint, values))]


def _admin_object(url_name: str) -> Any:
    """The first row of the admin model whose URL names start `<app>_<model>_`."""
    from django.contrib import admin

    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model._default_manager.order_by("pk").first()
    return None


def test_every_url_has_a_row():
    missing = sorted(
        {
            f"{e.name}    ({e.route})"
            for e in endpoints()
            if rule_for(e.name) is None and e.name not in AWAITING_ROWS
        }
    )
    assert not missing, (
        f"These URLs have no row in {TABLE}. Add one to ACCESS saying which roles may use "
        "each (and `needs=` for URLs that take a record's id):\n  " + "\n  ".join(missing)
    )


def test_every_row_names_a_url():
    names = {e.name for e in endpoints()}
    namespaces = {n.split(":", 1)[0] for n in names if ":" in n}
    stale = [
        key
        for key in ACCESS
        if (key.endswith(":*") and key[:-2] not in namespaces)
        or (not key.endswith(":*") and key not in names)
    ]
    assert not stale, f"Rows in {TABLE} for URLs that no longer exist: {stale}"
    awaiting_stale = sorted(AWAITING_ROWS - names)
    assert not awaiting_stale, f"Remove from AWAITING_ROWS in {TABLE}: {awaiting_stale}"
    both = sorted(AWAITING_ROWS & set(ACCESS))
    assert not both, f"These have rows now: remove them from AWAITING_ROWS in {TABLE}: {both}"


@pytest.mark.django_db
def test_authorization_matrix(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    world = build_world()
    # A device, so the admin's two-factor device pages have an object to open.
    TOTPDevice.objects.create(user=world.users[Role.SYSADMIN], name="Matrix", confirmed=True)
    failures: list[str] = []
    checked = 0
    for endpoint in endpoints():
        rule = rule_for(endpoint.name)
        if rule is None:
            continue  # reported by test_every_url_has_a_row
        try:
            urls = cases(endpoint, rule, world)
        except LookupError as exc:
            failures.append(f"{endpoint.name}: {exc}")
            continue
        for scope, url in urls:
            match = resolve(url.split("?")[0])
            if match.route != resolve(url).route or (
                match.view_name != endpoint.name and not endpoint.name.endswith("<unnamed>")
            ):
                failures.append(
                    f"{endpoint.name}: built {url}, which resolves to {match.view_name}"
                )
                continue
            for role in ROLES:
                client.logout()
                if role is not None:
                    client.force_login(world.users[role])
                denied_before = AuditEntry.objects.filter(outcome="denied").count()
                response = getattr(client, rule.method)(url, data=rule.data)
                got = classify(response)
                checked += 1
                who = role or "anonymous"
                if rule.gate_only and role in rule.roles:
                    if got in ("login",) or got.startswith("status 5"):
                        failures.append(
                            f"{endpoint.name} {url} [{who}]: {got}, should pass the gate"
                        )
                    continue
                want = "allowed" if expected(rule, role, scope) else "denied"
                seen = ("allowed" if rule.ends_session else "denied") if got == "login" else got
                if seen != want:
                    failures.append(
                        f"{endpoint.name} {url} [{who}, {scope}]: {got} "
                        f"(HTTP {response.status_code}), table says {want}"
                    )
                elif (
                    role is not None
                    and got == "denied"
                    and not AuditEntry.objects.filter(outcome="denied").count() > denied_before
                ):
                    failures.append(
                        f"{endpoint.name} {url} [{who}, {scope}]: denied but not audited"
                    )
    assert checked > 100
    assert not failures, (
        f"{len(failures)} of {checked} checks disagree with {TABLE}:\n" + "\n".join(failures)
    )

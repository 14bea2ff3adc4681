"""Scope and the reusable permission helpers other apps build on."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.accounts.permissions import RoleRequired, role_required
from saferschools.accounts.scope import can_see_children, in_school_scope, schools_visible_to
from saferschools.estate.models import Establishment
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import CoverAssignment


def test_can_see_children_by_role(db):
    for role in Role:
        expected = role not in (Role.COORDINATOR, Role.SYSADMIN)
        assert can_see_children(make_user(role, school=make_school())) is expected, role
    disabled = make_user(Role.INSPECTOR, is_active=False)
    assert not can_see_children(disabled)


def test_officer_sees_named_and_covered_schools(db):
    named, covered, other = make_school(), make_school(), make_school()
    pc = make_officer()
    user = make_user(Role.SCHOOLS_OFFICER, officer=pc)
    name_officer(named, pc)
    import datetime as dt

    CoverAssignment.objects.create(
        establishment=covered, officer=pc, start=dt.date.today(), reason="leave"
    )
    assert set(schools_visible_to(user)) == {named, covered}
    sergeant = make_officer(Rank.SERGEANT)
    pc.sergeant = sergeant
    pc.save()
    sgt_user = make_user(Role.SERGEANT, officer=sergeant)
    assert set(schools_visible_to(sgt_user)) == {named, covered}
    assert other not in schools_visible_to(sgt_user)


def test_in_school_scope_hides_children_from_coordinator(db):
    a, b = make_school(), make_school()
    head = make_user(Role.HEADTEACHER, school=a)
    users = Establishment.objects.filter(pk__in=[a.pk, b.pk])
    assert set(in_school_scope(users, make_user(Role.INSPECTOR), school_field="pk")) == {a, b}
    assert not in_school_scope(users, make_user(Role.COORDINATOR), school_field="pk").exists()
    assert set(in_school_scope(users, head, school_field="pk", children=False)) == {a}


def test_role_required_denies_and_audits(db):
    view = role_required(Role.INSPECTOR)(lambda request: HttpResponse("ok"))
    rf = RequestFactory()
    request = rf.get("/x")
    request.user = make_user(Role.INSPECTOR)
    assert view(request).status_code == 200
    request = rf.get("/x")
    request.user = make_user(Role.DSL, school=make_school())
    with pytest.raises(PermissionDenied):
        view(request)
    assert AuditEntry.objects.filter(outcome="denied", role=Role.DSL).exists()


class _Probe(APIView):
    permission_classes = [RoleRequired.of(Role.INSPECTOR, Role.SERGEANT)]

    def get(self, request):
        from rest_framework.response import Response

        return Response({"ok": True})


def test_drf_permission_classes(db):
    factory = APIRequestFactory()

    def call(view, user, **kw):
        request = factory.get("/api/x/")
        force_authenticate(request, user=user)
        return view.as_view()(request, **kw).status_code

    assert call(_Probe, make_user(Role.INSPECTOR)) == 200
    assert call(_Probe, make_user(Role.COORDINATOR)) == 403
    (denied,) = AuditEntry.objects.filter(outcome="denied")
    assert denied.role == Role.COORDINATOR

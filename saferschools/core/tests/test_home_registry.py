"""The home page's registry: every app's panels are found at start-up, each draws a template
that exists, and core itself imports no domain app (decision 196)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.template.loader import get_template

from saferschools.core import home

#: The domain apps core must not import. ``accounts`` is not one of them: it is the foundation
#: beside core (users, roles, scope and the audit chain), and core's record plumbing writes its
#: audit entries and checks roles through it (decision 190).
DOMAIN_APPS = {
    "estate",
    "workforce",
    "allocation",
    "rostering",
    "casework",
    "engagement",
    "oversight",
    "frontdoor",
    "encompass",
    "people",
    "demo",
}


def test_panels_of_every_app_are_registered_and_draw_real_templates():
    apps = {key.split(".")[0] for key in home._PANELS}
    assert {"rostering", "engagement", "casework", "oversight", "estate"} <= apps
    for panel in home._PANELS.values():
        if panel.template is not None:
            get_template(panel.template)  # raises TemplateDoesNotExist
    for role in ("schools_officer", "sergeant", "inspector", "coordinator", "dsl"):
        assert any(p.roles is not None for p in home.panels_for(role)), role


def test_core_imports_no_domain_app():
    core = Path(home.__file__).parent
    offenders = []
    for path in core.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "saferschools" and parts[1] in DOMAIN_APPS:
                    offenders.append(f"{path.relative_to(core)}: {name}")
    assert offenders == []

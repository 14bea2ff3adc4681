"""Accessibility checks in browser tests: axe-core (from npm, served as a static file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

SERIOUS = {"serious", "critical"}


def axe_violations(page: Any, *, impacts: set[str] = SERIOUS) -> list[dict[str, Any]]:
    """Run axe-core on the page; return violations of the given impacts (WCAG 2.x A/AA)."""
    source = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js").read_text()
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block it.
    page.evaluate(source)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]

"""Enumerate every URL pattern in the project and build a concrete URL for one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name", a bare API name, or "namespace:<unnamed>"
    pieces: tuple[Any, ...]  # the pattern objects from the root to the leaf
    route: str  # human-readable full pattern

    @property
    def params(self) -> list[str]:
        out: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                out += [m.group("name") for m in _ROUTE_PARAM.finditer(str(piece._route))]
            elif isinstance(piece, RegexPattern):
                out += list(piece.regex.groupindex)
        return out


def endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []

    def walk(patterns: list[Any], pieces: tuple[Any, ...], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(
                    p.url_patterns,
                    (*pieces, p.pattern),
                    f"{namespace}:{ns}" if namespace and ns else (ns or namespace),
                )
            elif isinstance(p, URLPattern):
                leaf = p.name or "<unnamed>"
                name = f"{namespace}:{leaf}" if namespace else leaf
                all_pieces = (*pieces, p.pattern)
                found.append(Endpoint(name, all_pieces, "".join(str(x) for x in all_pieces)))

    walk(get_resolver().url_patterns, (), "")
    # DRF's format-suffix twins ("schools.json") behave as their plain pattern.
    return [e for e in found if "format" not in e.params]


def _fill_regex(regex: str, values: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            end_name = regex.index(">", i)
            name = regex[i + 4 : end_name]
            depth, j = 1, end_name + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            out.append(values[name])
            i = j
            continue
        out.append(regex[i])
        i += 1
    text = "".join(out)
    text = re.sub(r"^\^|\$$|\\Z$", "", text)
    return re.sub(r"\\(.)", r"\1", text)


def group_regex(endpoint: Endpoint, name: str) -> str:
    for piece in endpoint.pieces:
        if isinstance(piece, RegexPattern) and name in piece.regex.groupindex:
            m = re.search(r"\(\?P<" + re.escape(name) + r">", piece._regex)
            assert m
            depth, j = 1, m.end()
            while depth:
                ch = piece._regex[j]
                if piece._regex[j - 1] != "\\":
                    depth += {"(": 1, ")": -1}.get(ch, 0)
                j += 1
            return piece._regex[m.end() : j - 1]
    return ""


def placeholder(endpoint: Endpoint, name: str) -> str:
    """A value any pattern accepts (for gate-only checks): '1', or a regex's first choice."""
    regex = group_regex(endpoint, name)
    if regex and not re.fullmatch(regex, "1"):
        return regex.split("|")[0]
    return "1"


def build_url(endpoint: Endpoint, values: dict[str, Any]) -> str:
    text = {k: str(v) for k, v in values.items()}
    parts = []
    for piece in endpoint.pieces:
        if isinstance(piece, RoutePattern):
            parts.append(_ROUTE_PARAM.sub(lambda m: text[m.group("name")], str(piece._route)))
        else:
            parts.append(_fill_regex(piece._regex, text))
    return "/" + "".join(parts)

"""Plain-English checks for the public pages: visible text of <main> and its Flesch-Kincaid
grade, with a small rule-based syllable counter (no dictionary)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "label",
    "legend",
    "button",
    "div",
    "dt",
    "dd",
    "td",
    "th",
    "caption",
    "strong",
    "a",
    "span",
    "br",
}
SKIP = {"script", "style", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth_main = 0
        self.skip = 0
        self.hidden = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "main":
            self.depth_main += 1
        if tag in SKIP:
            self.skip += 1
        hiding = self.hidden or "hidden" in a or "govuk-visually-hidden" in (a.get("class") or "")
        if hiding and tag not in {"br", "input", "img"}:
            self.hidden += 1
        if tag in BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth_main -= 1
        if tag in SKIP:
            self.skip -= 1
        if self.hidden:
            self.hidden -= 1
        if tag in BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth_main and not self.skip and not self.hidden:
            self.chunks.append(data)


def main_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return "".join(p.chunks)


def sentences(text: str) -> list[list[str]]:
    """Each block of text (line) and each sentence inside it counts as a sentence."""
    out = []
    for line in text.split("\n"):
        for s in re.split(r"(?<=[.!?])\s+", line):
            words = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", s)
            if words:
                out.append(words)
    return out


def syllables(word: str) -> int:
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    w = re.sub(r"'s$", "", w)
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    return max(1, n)


def fk_grade(text: str) -> float:
    sents = sentences(text)
    words = [w for s in sents for w in s]
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / len(sents) + 11.8 * syl / len(words) - 15.59

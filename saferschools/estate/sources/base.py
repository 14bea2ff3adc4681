"""Streaming CSV reading with file-and-line errors."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ProgressFn = Callable[[int, int, int], None]
"""progress(rows_read, bytes_read, bytes_total)"""


class SourceError(Exception):
    """A file that cannot be read as the format it claims to be."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    raw: dict[str, str] = field(default_factory=dict)


class _CountingReader(io.RawIOBase):
    """Wraps a binary stream and counts bytes read, for progress reporting."""

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self._raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.count += n
        return n


class _Lines:
    """Decode a binary stream line by line, so a bad byte is reported at its own line."""

    def __init__(self, raw: IO[bytes], path: str | os.PathLike[str], encoding: str):
        self.raw = raw
        self.path = path
        self.encoding = encoding
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for chunk in self.raw:
            self.line += 1
            try:
                yield chunk.decode(self.encoding)
            except UnicodeDecodeError as exc:
                hint = ""
                if self.encoding.startswith("utf"):
                    hint = (
                        " (the file looks like Windows-1252 or Latin-1 text: save it as "
                        "CSV UTF-8 and try again)"
                    )
                raise SourceError(
                    self.path,
                    self.line,
                    f"bytes that are not {self.encoding}: {exc.reason}{hint}",
                ) from None


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@contextmanager
def _open_binary(
    path: str | os.PathLike[str], member_suffix: str = ".csv"
) -> Iterator[tuple[IO[bytes], str, int]]:
    """The file's bytes (or the first matching member of a .zip), its display name and size."""
    p = Path(path)
    if not p.exists():
        raise SourceError(p, None, "file not found")
    if p.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(p)
        except zipfile.BadZipFile as exc:
            raise SourceError(p, None, f"not a readable zip file: {exc}") from None
        with zf:
            names = [n for n in zf.namelist() if n.lower().endswith(member_suffix)]
            if not names:
                raise SourceError(p, None, f"no {member_suffix} file inside the zip")
            info = zf.getinfo(names[0])
            with zf.open(info) as raw:
                yield raw, f"{p}:{names[0]}", info.file_size
    elif p.suffix.lower() == ".gz":
        # National downloads come gzip-compressed: read as they are. The size for progress is
        # the uncompressed size the gzip trailer records.
        size = p.stat().st_size
        with open(p, "rb") as f:
            if size >= 4:
                f.seek(-4, os.SEEK_END)
                size = int.from_bytes(f.read(4), "little")
        try:
            with gzip.open(p, "rb") as unzipped:
                unzipped.peek(1)
                yield unzipped, str(p), size
        except gzip.BadGzipFile as exc:
            raise SourceError(p, None, f"not a readable gzip file: {exc}") from None
    else:
        with open(p, "rb") as raw:
            yield raw, str(p), p.stat().st_size


def detect_encoding(path: str | os.PathLike[str], expected: str) -> str:
    """The encoding to read the file with, checked against its bytes rather than assumed.

    - a UTF-8 byte-order mark: UTF-8, whatever was expected;
    - a UTF-16 byte-order mark: refused (save the file as UTF-8 CSV);
    - a file expected in a single-byte code page (GIAS publishes Windows-1252) whose bytes are
      all valid UTF-8 and include non-ASCII characters: UTF-8 (a Windows-1252 file with accents
      is practically never valid UTF-8; decoding UTF-8 as Windows-1252 turns "Café" into
      "CafÃ©");
    - otherwise the expected encoding; its strict decoding later names any bad line.
    """
    with _open_binary(path) as (raw, name, _size):
        head = raw.read(4)
        if head.startswith(_UTF8_BOM):
            return "utf-8-sig"
        if head.startswith(_UTF16_BOMS):
            raise SourceError(
                name, None, "the file is UTF-16 text: save it as CSV (UTF-8) and try again"
            )
        if codecs.lookup(expected).name.startswith("utf"):
            return expected
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        non_ascii = any(b > 0x7F for b in head)
        try:
            decoder.decode(head)
            while chunk := raw.read(1 << 20):
                non_ascii = non_ascii or not chunk.isascii()
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return expected  # not UTF-8: the code page it was published in
    return "utf-8" if non_ascii else expected


@contextmanager
def open_text(
    path: str | os.PathLike[str], encoding: str, member_suffix: str = ".csv"
) -> Iterator[tuple[_Lines, _CountingReader, int]]:
    """Open a CSV (or the first matching CSV inside a .zip) as decoded lines, counting bytes."""
    with _open_binary(path, member_suffix) as (raw, name, size):
        counter = _CountingReader(raw)
        buffered = io.BufferedReader(counter, buffer_size=1 << 16)
        yield _Lines(buffered, name, encoding), counter, size


def read_csv(
    path: str | os.PathLike[str],
    *,
    encoding: str,
    required: Sequence[str],
    aliases: dict[str, Sequence[str]] | None = None,
    progress: ProgressFn | None = None,
    progress_every: int = 5000,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line_number, row) for each data row, keyed by canonical column names.

    `aliases` maps a canonical name to other header spellings (e.g. the official MHCLG
    IoD2019 headers). The header is checked against `required` before any row is read, so a
    file missing a needed column is refused before the importer touches the database (a
    column the parser treats as optional is absent from the rows, and the importer leaves its
    field as it was rather than blanking it). The encoding is checked against the bytes
    (`detect_encoding`). Raises SourceError for structural faults.
    """
    aliases = aliases or {}
    encoding = detect_encoding(path, encoding)
    with open_text(path, encoding) as (text, counter, total):
        reader = csv.reader(text, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise SourceError(path, 1, "the file is empty") from None
        except csv.Error as exc:
            raise SourceError(path, 1, f"unreadable header: {exc}") from None
        header = [h.strip().lstrip("\ufeff") for h in header]
        index: dict[str, int] = {}
        for pos, name in enumerate(header):
            index.setdefault(name, pos)
        for canonical, others in aliases.items():
            if canonical not in index:
                for other in others:
                    if other in index:
                        index[canonical] = index[other]
                        break
        missing = [c for c in required if c not in index]
        if missing:
            raise SourceError(
                path,
                1,
                "missing required column(s): "
                + ", ".join(repr(m) for m in missing)
                + ". The import needs them, so the file is refused",
            )
        width = len(header)
        rows = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise SourceError(path, reader.line_num, f"malformed CSV: {exc}") from None
            line = reader.line_num
            if not fields:
                continue
            if "\x00" in "".join(fields):
                raise SourceError(path, line, "NUL byte in the data: the file is corrupted")
            if len(fields) != width:
                raise SourceError(
                    path,
                    line,
                    f"expected {width} fields, found {len(fields)} "
                    "(the file may be truncated or corrupted)",
                )
            rows += 1
            if progress and rows % progress_every == 0:
                progress(rows, counter.count, total)
            yield line, {name: fields[pos] for name, pos in index.items()}
        if progress:
            progress(rows, total, total)


def parse_int(value: str, *, name: str, allow_blank: bool = True) -> int | None:
    v = value.strip()
    if v == "":
        if allow_blank:
            return None
        raise ValueError(f"{name} is empty")
    try:
        f = float(v)
    except ValueError:
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if f != int(f):
        raise ValueError(f"{name} is not a whole number: {value!r}")
    return int(f)


def parse_float(value: str, *, name: str) -> float | None:
    v = value.strip()
    if v == "":
        return None
    try:
        return float(v)
    except ValueError:
        raise ValueError(f"{name} is not a number: {value!r}") from None


def parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in {"true", "1", "yes"}:
        return True
    if v in {"false", "0", "no"}:
        return False
    return None

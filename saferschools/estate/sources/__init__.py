"""Readers for the real public formats. Plain Python (no Django): each yields validated rows
with their line numbers, streaming the file rather than loading it whole.

A *structural* fault (wrong number of fields, undecodable bytes, a quote never closed, a
missing required column) raises `SourceError` naming the file and line: the file is not to be
trusted. A *value* fault in one row (a URN that is not a number) is yielded as a `Rejected`
row, so the importer can list it and decide.
"""

from .base import Rejected, SourceError, SourceRow, open_text, read_csv

__all__ = ["Rejected", "SourceError", "SourceRow", "open_text", "read_csv"]

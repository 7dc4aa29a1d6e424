"""The `id` path converter: object ids in URLs (`<id:site_id>`), registered when imported.

An id is 1 to 2**63 - 1, the range of a 64-bit primary key (PostgreSQL bigint, SQLite
INTEGER). Anything else does not match the URL, so it answers 404 before any query: Django's
`int` converter lets a 20-digit id through to a lookup that overflows the database (a 500).
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[1-9][0-9]{0,18}"  # no leading zeros: one URL per object

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the pattern does not match: 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(IdConverter, "id")

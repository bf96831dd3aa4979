"""Storing pintuan values as JSON: one cattrs converter, strict both ways.

:func:`unstructure` turns any pintuan value (a campaign, a group, a command,
an event, an effect, a posting, a statement, a settlement, a draw record, a
replay result...) into a JSON-ready dict, and :func:`structure` builds it
back; :func:`to_json` and :func:`from_json` do the same with text. Nothing
here reads or writes files.

A *document* is a JSON object with ``"format"`` (:data:`FORMAT_VERSION`),
``"type"`` (the class name) and the value's fields in their declared order.
Money is ``{"amount": 9900, "currency": "CNY"}`` in minor units; instants
are ISO 8601 with their offset and, for a :class:`zoneinfo.ZoneInfo`, the
zone: ``"2020-07-01T10:05:00+08:00[Asia/Shanghai]"``; durations ISO 8601
(``"PT2H"``); enums by value; tuples and group rosters as arrays; commands,
events and effects nested in a value carry their ``"type"``; a campaign
carries its derived ``"kind"``.

A document that breaks a rule raises :class:`~pintuan.errors.CodecError`
whose ``field`` is the JSON path of the bad entry: ``$`` is the document,
``.name`` a key and ``[3]`` an array index (a key that is not a plain name is
quoted, ``["a b"]``), for example ``$.members[0].paid.amount``. Unknown keys
are reported at the object holding them, with the keys as the value.

See ``docs/storage.md`` for examples.
"""

from pintuan.codec._converter import converter
from pintuan.codec._document import (
    FORMAT_VERSION,
    from_json,
    structure,
    structure_value,
    to_json,
    unstructure,
)

__all__ = [
    "FORMAT_VERSION",
    "converter",
    "from_json",
    "structure",
    "structure_value",
    "to_json",
    "unstructure",
]

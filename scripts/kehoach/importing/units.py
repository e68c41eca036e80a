"""The bodies an imported document names (its issuer, the body above it, the issuers of the documents it
cites), recognised among the units of data/units.yml by name or alias.

Names are compared folded (kehoach.search.fold: lower case, marks stripped), so that the header's upper
case and the two ways of placing a tone ("Đảng uỷ" / "Đảng ủy", "hoá" / "hóa") match the same unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kehoach.model import Unit
from kehoach.search import fold

from .structure import ImportedDocument


@dataclass(frozen=True)
class UnitName:
    """A body as the document writes it, what it is to the document, and the unit it is (None: unknown)."""

    written: str
    role: str  # "issuer", "superior" or "issuer:<canonical number>" of a cited document
    unit_id: str | None


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def recognise_units(document: ImportedDocument, units: Mapping[str, Unit]) -> list[UnitName]:
    """Every body the header and the cited documents name, in order, each with its unit if one has that name."""
    index: dict[str, str] = {}
    for unit in units.values():
        for name in unit.names:
            index.setdefault(_key(name), unit.id)
    named: list[tuple[str, str]] = []
    if document.header.issuer:
        named.append((document.header.issuer, "issuer"))
    if document.header.superior:
        named.append((document.header.superior, "superior"))
    for cited in [*document.implements, *document.cited]:
        if cited.issuer_written:
            named.append((cited.issuer_written, f"issuer:{cited.number}"))
    result: list[UnitName] = []
    for written, role in dict.fromkeys(named):
        result.append(UnitName(written, role, index.get(_key(written))))
    return result

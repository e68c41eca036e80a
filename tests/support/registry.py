"""Entries of the registries kept one entry per file (data/documents/<id>.yml, data/reports/<id>.yml),
written into a copy of a project as an editor adds them."""

from __future__ import annotations

from pathlib import Path

HEADERS = {
    "documents": "# yaml-language-server: $schema=../schema/document.schema.json\n",
    "reports": "# yaml-language-server: $schema=../schema/report.schema.json\n",
}


def write_entry(root: Path, registry: str, entry_id: str, keys: str) -> Path:
    """data/<registry>/<entry_id>.yml holding `keys` ("unit: chi-bo\\nnumber: …\\n") under the schema line;
    the folder is made when it is missing (data/reports/ while no report is recorded)."""
    path = root / "data" / registry / f"{entry_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADERS[registry] + keys.lstrip("\n"), encoding="utf-8")
    return path


def write_report(root: Path, report_id: str, keys: str, document: str = "ke-hoach-32") -> Path:
    """A report of `document` (by default plan 32, the published document of the project and the fixture)."""
    return write_entry(root, "reports", report_id, f"document: {document}\n{keys.lstrip(chr(10))}")

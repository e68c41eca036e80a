"""A finding: one problem at one place, in the words an editor reads."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ERROR

    def as_text(self) -> str:
        tag = "" if self.severity == ERROR else " (cảnh báo)"
        return f"{self.path}:{self.line}:{self.col}: {self.code}{tag} {self.message}"


class DataError(Exception):
    """Raised when data cannot be used at all; carries the findings that say why."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(f.as_text() for f in self.findings))


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]

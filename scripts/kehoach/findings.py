"""A finding: one problem at one place, in the words an editor reads."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
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

    def __post_init__(self) -> None:
        # A finding quotes values between «»: each quote is cut to a short excerpt, so a hostile or
        # runaway value (a 60,000-character string) cannot flood the editor's screen or CI's log.
        object.__setattr__(self, "message", excerpted(self.message))

    def as_text(self) -> str:
        """One line, whatever the values quoted in the message hold (a line break, a control
        character): those are written as escapes, which is also what an editor needs to see."""
        tag = "" if self.severity == ERROR else " (cảnh báo)"
        return visible(f"{self.path}:{self.line}:{self.col}: {self.code}{tag} {self.message}")


EXCERPT = 80
_QUOTED = re.compile(r"«([^«»]*)»")
MAX_MESSAGE = 600


def excerpted(message: str) -> str:
    """`message` with every «quoted value» cut to EXCERPT characters (then …), and the whole kept
    under MAX_MESSAGE characters."""
    message = _QUOTED.sub(lambda m: f"«{m[1][:EXCERPT]}…»" if len(m[1]) > EXCERPT else m.group(), message)
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def suggest(wanted: str, valid: Iterable[str], limit: int | None = None, noun: str = "các id hợp lệ") -> str:
    """ "; có phải ý là: «a»?" for the close matches of `wanted`, else the valid choices (at most `limit`)."""
    valid = list(valid)
    # an id lengthened (a unit renamed "dang-bo-khoi" -> "dang-bo-khoi-cac-co-quan") first, then close ones
    longer = [v for v in valid if str(v).startswith(f"{wanted}-")]
    close = (longer + [c for c in difflib.get_close_matches(str(wanted), valid, n=3, cutoff=0.6) if c not in longer])[
        :3
    ]
    if close:
        return "; có phải ý là: " + ", ".join(f"«{c}»" for c in close) + "?"
    if limit is None or len(valid) <= limit:
        return f"; {noun}: " + ", ".join(valid)
    return f"; {noun}: {', '.join(valid[:limit])} … (cùng {len(valid) - limit} id khác)"


def grouped(number: int) -> str:
    """A number as editors write it: 50.000 (thousands grouped by dots)."""
    return f"{number:,}".replace(",", ".")


def visible(text: str) -> str:
    """`text` with every invisible or line-breaking character written as an escape (\\u200b)."""
    return "".join(char if char.isprintable() or char == " " else f"\\u{ord(char):04x}" for char in text)


class DataError(Exception):
    """Raised when data cannot be used at all; carries the findings that say why."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(f.as_text() for f in self.findings))


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]

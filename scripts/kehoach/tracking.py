"""The state of implementation on a given date (/theo-doi/, and each document's own theo-doi/<id>/): for
each unit the plan asks to report,
each item it must carry out with its latest recorded report, and each periodic duty with its due dates.
Plain data over the model.

Who is tracked: a unit with a reporting line (its own `reports_to`, or a collective's it belongs to), as
the plan states it (III.1: Văn phòng Đảng ủy; III.2: the chi bộ and the đoàn thể). The issuer receives the
reports and owes none. A collective with members is not tracked itself: each member reports. What is
tracked: the items the unit is assigned; a clause that gives no task (a purpose of Mục I) is assigned to
no one, with the decision recorded in data/units.yml (`not_assigned`).

Periodic duties: a deadline with `every` (months) and `from` (its first due date) falls due on
`from`, `from + every`, … A unit is late ("Quá hạn") when a due date has passed and it has no report
for that period, that is, none dated after the due date before it: a report sent a few days before
the due date counts for that date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .collection import newest_first
from .model import Deadline, Project, Report, Unit
from .units import Line, assignments, collective_line, paged_units, reporting_lines, reports_of, working_units

# Each published document's own tracking page, generated beside /theo-doi/ as the units' pages are
# beside /don-vi/: theo-doi/<document id>.md.
PAGES_DIR = "theo-doi"


def page_path(doc_id: str) -> str:
    """The docs/ path of a document's own tracking page."""
    return f"{PAGES_DIR}/{doc_id}.md"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier); the month's last day when it is shorter (31/01 + 1 -> 29/02)."""
    years, month_index = divmod(date.month - 1 + months, 12)
    year, month = date.year + years, month_index + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def due_dates(deadline: Deadline, today: dt.date) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(the due date before the last, the last due date on or before `today`, the next one after it)."""
    if not deadline.every or not deadline.start:
        return None, None, None
    previous = last = None
    k = 0
    due = deadline.start
    while due <= today:
        previous, last = last, due
        k += 1
        due = add_months(deadline.start, k * deadline.every)
    return previous, last, due


@dataclass(frozen=True)
class ItemState:
    citation_id: str
    label: str
    latest: Report | None
    inherited_from: Unit | None


@dataclass(frozen=True)
class DutyState:
    deadline: Deadline
    unit: Unit
    last_due: dt.date | None
    next_due: dt.date | None
    latest: Report | None
    late: bool


@dataclass(frozen=True)
class UnitState:
    unit: Unit
    items: list[ItemState]
    reported: int  # items with at least one report
    lines: list[Line]  # where the plan asks the unit to report

    @property
    def percent(self) -> int:
        return round(100 * self.reported / len(self.items)) if self.items else 0


def latest_for(reports: list[Report], citation_id: str) -> Report | None:
    """The newest of a unit's reports (newest first) that covers the item."""
    return next((r for r in reports if citation_id in r.covers), None)


def has_members(project: Project, unit: Unit) -> bool:
    """A collective unit with units recorded under it: each of them reports, the collective does not."""
    return unit.collective and any(u.parent == unit.id for u in project.units.values())


def unit_states(project: Project) -> list[UnitState]:
    """The units the plan asks to report, each with the items it is assigned and their latest report."""
    states = []
    for unit in working_units(project):
        lines = reporting_lines(project, unit.id)
        if not lines or has_members(project, unit):
            continue
        reports = reports_of(project, unit.id)
        items = [
            ItemState(a.citation_id, a.label, latest_for(reports, a.citation_id), a.source if a.inherited else None)
            for a in assignments(project, unit.id)
        ]
        if items:
            states.append(UnitState(unit, items, sum(1 for item in items if item.latest), lines))
    return states


def duty_states(project: Project, today: dt.date) -> list[DutyState]:
    """Each periodic duty (with `every` and `from`), for its owner and each unit that inherits it."""
    states = []
    for deadline in sorted(project.deadlines.values(), key=lambda d: d.sort_key):
        if not deadline.every or not deadline.start:
            continue
        previous, last, upcoming = due_dates(deadline, today)
        for unit in working_units(project):
            if unit.id != deadline.owner and deadline.owner not in {u.id for u in collective_line(project, unit.id)}:
                continue
            if has_members(project, unit):
                continue  # a collective with members: each member reports, the collective does not
            reports = reports_of(project, unit.id)
            latest = reports[0] if reports else None
            period_start = previous or (add_months(last, -deadline.every) if last else None)
            late = last is not None and period_start is not None and (latest is None or latest.date <= period_start)
            states.append(DutyState(deadline, unit, last, upcoming, latest, late))
    return states


def periodic_without_period(project: Project) -> list[Deadline]:
    """The duties the plan calls periodic ("định kỳ") that data gives no period for."""
    return [d for d in project.deadlines.values() if d.when == "định kỳ" and not (d.every and d.start)]


# --- across the published documents (the page groups by unit, then by document) -----------------------


@dataclass(frozen=True)
class TrackedUnit:
    """A unit some published document asks to report, with its state under each of them, newest
    document first."""

    unit: Unit
    states: list[tuple[Project, UnitState]]


@dataclass(frozen=True)
class Totals:
    """How far the reports cover what a document (or every document: `view` None) assigns."""

    view: Project | None
    units: int  # units asked to report
    items: int  # items assigned, counted once per unit
    reported: int  # of those, with at least one report

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.items) if self.items else 0


def tracked_units(project: Project, documents: list[Project] | None = None) -> list[TrackedUnit]:
    """Each unit any of `documents` (by default every published document, newest first) asks to report,
    in tree order, with its state per document."""
    chosen = newest_first(project) if documents is None else documents
    per_view = [(view, {state.unit.id: state for state in unit_states(view)}) for view in chosen]
    result = []
    for unit in paged_units(project):
        states = [(view, by_unit[unit.id]) for view, by_unit in per_view if unit.id in by_unit]
        if states:
            result.append(TrackedUnit(unit, states))
    return result


def totals(documents: list[Project], tracked: list[TrackedUnit]) -> list[Totals]:
    """The totals of each of `documents` that asks for reports (in their order), then those of all of
    them (view None)."""
    result = []
    for view in documents:
        states = [state for entry in tracked for v, state in entry.states if v is view]
        if states:
            result.append(Totals(view, len(states), sum(len(s.items) for s in states), sum(s.reported for s in states)))
    everything = [state for entry in tracked for _, state in entry.states]
    result.append(
        Totals(None, len(tracked), sum(len(s.items) for s in everything), sum(s.reported for s in everything))
    )
    return result

"""The time points of every published document as one calendar (site/moc-thoi-gian.ics, RFC 5545), built with `icalendar`.

- each deadline whose `when` is a full date (YYYY-MM-DD): an all-day event on that day;
- each periodic duty with `every` (months) and `from`: an all-day event on `from` that recurs
  (RRULE FREQ=MONTHLY;INTERVAL=every);
- the plan's own date of issue, so that the calendar is never empty (RFC 5545 wants one component).

UIDs are made from the ids of data and the name of each document's official text (stable across builds,
and when documents are added); DTSTAMP is the build date (SOURCE_DATE_EPOCH
when set); each description names the place of the plan and links to it.

The page "Mốc thời gian" says which dated point comes next, on the build date in Việt Nam
(`next_milestone`, `next_milestone_html`), or plainly that none is ahead.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING

from .dates import display
from .model import ISO_DATE, Deadline, Project
from .plantext import OPENING_ID, citation_label

if TYPE_CHECKING:  # imported where a calendar is made: a build with the calendar remembered skips it
    import icalendar


def uid_domain(project: Project) -> str:
    """The UID domain of a document's events: its official text's name, lower case ("ke-hoach-32-kh-du")."""
    return (project.plan.text or project.plan.id).lower()


def _link(site_url: str | None, path: str) -> str:
    """An address of the site: absolute when the site's address is known (mkdocs.yml site_url)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def calendar_bytes(
    project: Project, page_urls: dict[str, dict[str, str]], site_url: str | None, stamp: dt.date
) -> bytes:
    """The calendar of every published document. `page_urls`: document id -> citation id -> the
    site-relative address of its place ("ke-hoach-32/muc-iii/#muc-iii-1")."""
    import icalendar

    views = list(project.views.values())
    calendar = icalendar.Calendar()
    label = views[0].plan.label if len(views) == 1 else "các văn bản"
    calendar.add("prodid", f"-//{uid_domain(views[0])}//{label}//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Mốc thời gian, {label}")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    dtstamp = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC)
    for view in views:
        for item in _events(view, page_urls.get(view.document_id, {}), site_url, dtstamp):
            calendar.add_component(item)
    content: bytes = calendar.to_ical()
    return content


def _events(
    project: Project, page_urls: dict[str, str], site_url: str | None, dtstamp: dt.datetime
) -> list[icalendar.Event]:
    plan = project.plan
    domain = uid_domain(project)

    import icalendar

    def event(uid: str, summary: str, day: dt.date, description: str, url: str) -> icalendar.Event:
        item = icalendar.Event()
        item.add("uid", f"{uid}@{domain}")
        item.add("dtstamp", dtstamp)
        item.add("dtstart", day)
        item.add("dtend", day + dt.timedelta(days=1))
        item.add("summary", summary)
        item.add("description", description)
        if site_url:  # URL must be absolute (RFC 5545 §3.8.4.6)
            item.add("url", url)
        item.add("transp", "TRANSPARENT")
        return item

    events = []
    issuer = project.units.get(plan.issuer)
    opening = page_urls.get(OPENING_ID, "").split("#")[0]
    if plan.date is not None:
        events.append(
            event(
                plan.id,
                f"Ban hành {plan.label}",
                plan.date,
                f"{plan.label} ngày {plan.date_text} của {issuer.name if issuer else plan.issuer}. "
                f"{_link(site_url, opening)}",
                _link(site_url, opening),
            )
        )
    for deadline in sorted(project.deadlines.values(), key=lambda d: (d.sort_key, d.id)):
        place = page_urls.get(deadline.section, "")
        owner = project.units.get(deadline.owner) if deadline.owner else None
        doer = (
            "mục tiêu của Kế hoạch"
            if deadline.goal
            else f"đơn vị thực hiện: {owner.name if owner else deadline.owner or 'Kế hoạch không nêu'}"
        )
        description = (
            f"{deadline.what}. {doer[0].upper()}{doer[1:]}. "
            f"Nêu tại {citation_label(deadline.section)}, {plan.label}: {_link(site_url, place)}"
        )
        if deadline.every and deadline.start:
            item = event(deadline.id, deadline.what, deadline.start, description, _link(site_url, place))
            item.add("rrule", {"freq": "monthly", "interval": deadline.every})
            events.append(item)
        elif deadline.when and ISO_DATE.match(deadline.when):
            try:
                day = dt.date.fromisoformat(deadline.when)
            except ValueError:  # not a real date: the checker reports it
                continue
            events.append(event(deadline.id, deadline.what, day, description, _link(site_url, place)))
    return events


NO_MILESTONE_AHEAD = "Chưa có mốc sắp tới"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):  # the same day of the month, or the month's last day
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: 28 always exists


def occurrence_from(deadline: Deadline, today: dt.date) -> dt.date | None:
    """The first day on or after `today` that the calendar gives `deadline`: its date, or for a duty that
    recurs (`every` months from `from`) its next occurrence; None when it has no day ahead."""
    if deadline.every and deadline.start:
        day, step = deadline.start, 0
        while day < today:
            step += deadline.every
            day = _add_months(deadline.start, step)
        return day
    dated = deadline.date
    return dated if dated is not None and dated >= today else None


def next_milestone(project: Project, today: dt.date) -> tuple[dt.date, Deadline] | None:
    """The dated point of the calendar that comes next on `today` (the earliest; ties by id)."""
    ahead = [(day, deadline) for deadline in project.deadlines.values() if (day := occurrence_from(deadline, today))]
    return min(ahead, key=lambda pair: (pair[0], pair[1].id)) if ahead else None


def next_milestone_html(project: Project, today: dt.date) -> str:
    """The sentence of the page "Mốc thời gian" on what comes next: site furniture (kh-extra), built with
    the site; the link leads to the point's own heading on the same page."""
    found = next_milestone(project, today)
    if found is None:
        words = html.escape(NO_MILESTONE_AHEAD)
    else:
        day, deadline = found
        words = (
            f'Mốc sắp tới: ngày {display(day)}, <a href="#{html.escape(deadline.id)}">'
            f"{html.escape(deadline.what)}</a>, nêu tại {html.escape(citation_label(deadline.section))}"
        )
    stamp = f' <span class="kh-next__date">(tính đến ngày {display(today)})</span>'
    return f'<p class="kh-extra kh-next" id="moc-sap-toi">{words}{stamp}.</p>'


HEADING_END = re.compile(r"</h1>\s*(<p\b.*?</p>)?", re.S)


def with_next_milestone(content: str, project: Project, today: dt.date) -> str:
    """The page's content with the sentence on the next point after its heading and lead paragraph."""
    return HEADING_END.sub(lambda match: match.group(0) + "\n" + next_milestone_html(project, today), content, count=1)

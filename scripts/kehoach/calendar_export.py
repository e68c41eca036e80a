"""The plan's time points as a calendar (site/moc-thoi-gian.ics, RFC 5545), built with `icalendar`.

- each deadline whose `when` is a full date (YYYY-MM-DD): an all-day event on that day;
- each periodic duty with `every` (months) and `from`: an all-day event on `from` that recurs
  (RRULE FREQ=MONTHLY;INTERVAL=every);
- the plan's own date of issue, so that the calendar is never empty (RFC 5545 wants one component).

UIDs are made from the ids of data (stable across builds); DTSTAMP is the build date (SOURCE_DATE_EPOCH
when set); each description names the place of the plan and links to it.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from .model import ISO_DATE, Project
from .plantext import citation_label

UID_DOMAIN = "ke-hoach-32-kh-du"


def _link(site_url: str | None, path: str) -> str:
    """An address of the site: absolute when the site's address is known (mkdocs.yml site_url)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def calendar_bytes(project: Project, page_urls: dict[str, str], site_url: str | None, stamp: dt.date) -> bytes:
    """The calendar. `page_urls`: citation id -> the site-relative address of its place ("muc-iii/#muc-iii-1")."""
    plan = project.plan
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{UID_DOMAIN}//{plan.label}//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Mốc thời gian, {plan.label}")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    dtstamp = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC)

    def event(uid: str, summary: str, day: dt.date, description: str, url: str) -> icalendar.Event:
        item = icalendar.Event()
        item.add("uid", f"{uid}@{UID_DOMAIN}")
        item.add("dtstamp", dtstamp)
        item.add("dtstart", day)
        item.add("dtend", day + dt.timedelta(days=1))
        item.add("summary", summary)
        item.add("description", description)
        if site_url:  # URL must be absolute (RFC 5545 §3.8.4.6)
            item.add("url", url)
        item.add("transp", "TRANSPARENT")
        return item

    issuer = project.units.get(plan.issuer)
    assert plan.date is not None, "the plan's own entry has a date (data/schema/documents.schema.json)"
    calendar.add_component(
        event(
            plan.id,
            f"Ban hành {plan.label}",
            plan.date,
            f"{plan.label} ngày {plan.date_text} của {issuer.name if issuer else plan.issuer}. {_link(site_url, '')}",
            _link(site_url, ""),
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
            calendar.add_component(item)
        elif deadline.when and ISO_DATE.match(deadline.when):
            try:
                day = dt.date.fromisoformat(deadline.when)
            except ValueError:  # not a real date: the checker reports it
                continue
            calendar.add_component(event(deadline.id, deadline.what, day, description, _link(site_url, place)))
    content: bytes = calendar.to_ical()
    return content

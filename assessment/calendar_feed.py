"""A person's due dates as an iCalendar feed (RFC 5545) for Outlook and phones: each action
still to do with a due date, as an all-day event on that day (no Django but the URL builder
the caller passes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//MineReady//Action plan//EN"


def feed(
    actions: Iterable, *, name: str, url_of: Callable[[object], str], now: datetime, host: str
) -> bytes:
    """`actions`: objects with pk, title, due_on, criterion_code and site.name."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for action in actions:
        event = Event()
        event.add("uid", f"action-{action.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", action.due_on)
        event.add("dtend", action.due_on + timedelta(days=1))
        event.add("summary", f"{action.title} ({action.site.name})")
        event.add("description", f"{action.criterion_code} · {url_of(action)}")
        event.add("url", url_of(action))
        calendar.add_component(event)
    return calendar.to_ical()

"""Calendar arithmetic that needs no time zone (core may import nothing above it); days in Shanghai, month
bounds and working days are in unionhall/workcalendar/workdays.py."""

from __future__ import annotations

from datetime import date


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)

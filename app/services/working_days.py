"""Working days 工作日: Monday to Friday, less the holidays an administrator lists (`Holiday`).

A limit of n working days from a moment ends when the n-th working day after that moment's day ends: an
application that reached a review on Friday with a limit of 2 is overdue from Wednesday 00:00 (Saturday, Sunday and
any listed holiday not counted).
"""
import datetime

from app.models.holiday import Holiday


def holidays():
    """The listed holidays, as dates (one query: a few dozen a year)."""
    return {day.date() if isinstance(day, datetime.datetime) else day for day in Holiday.objects.scalar("day")}


def working(day, off):
    """Whether `day` is a working day, given the holidays `off`."""
    return day.weekday() < 5 and day not in off


def deadline(start, days, off):
    """The moment `days` working days after `start` end (midnight after the last of them), given the holidays
    `off`."""
    day, counted = start.date(), 0
    while counted < days:
        day += datetime.timedelta(days=1)
        counted += working(day, off)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())

"""The city's corrections to the State Council's calendar: a day off or a day worked that wins over the
`chinesecalendar` package (workdays.py)."""

from __future__ import annotations

from django.db import models


class Holiday(models.Model):
    """A day that breaks the calendar the package (or, outside its years, Monday–Friday) gives: a public
    holiday, or a day worked in exchange (调休)."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("调休上班", default=False)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        verbose_name = "节假日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"

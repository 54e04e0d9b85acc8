"""工作日历：国务院节假日安排与市总工会的更正，上海时区的日期。"""

from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "unionhall.workcalendar"
    label = "workcalendar"
    verbose_name = "工作日历"

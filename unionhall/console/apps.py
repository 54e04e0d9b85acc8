"""The console: the shell around every staff page (side navigation, top bar, breadcrumb, tab titles).

It sits on the top floor: it reads every app's `nav.py`, and no app imports it.
"""

from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "unionhall.console"
    label = "console"
    verbose_name = "工作台"

"""The visit reminders as a background task (Django tasks, django-tasks-db's worker). A scheduler enqueues it
daily with `manage.py visit_reminders --enqueue`; running it twice is harmless (reminders.py claims each
message once)."""

from __future__ import annotations

from django.tasks import task

from unionhall.responsibility.reminders import visit_reminders as remind


@task()
def visit_reminders() -> dict[str, int]:
    return remind().as_dict()

"""Background run of large 送温暖 batches (Django's task framework; `manage.py db_worker` runs them).

The task acts as the user who started the batch, so the scope rule and the audit trail see that person.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from unionhall.assistance.models import WarmthBatch
from unionhall.programmes import batch as runner

log = logging.getLogger(__name__)


@task()
def run_batch(batch_id: int) -> str:
    batch = WarmthBatch.objects.select_related("programme", "budget").filter(pk=batch_id).first()
    if batch is None or batch.status in ("done", "failed"):
        return "skipped"
    creator = batch.created_by_id
    actor = get_user_model().objects.filter(pk=creator, is_active=True).first() if creator else None
    if actor is None:
        runner.mark_failed(batch_id, "发起批次的账号已停用，未能申请。")
        return "failed"
    try:
        runner.run(batch, actor=actor)
    except Exception:
        log.exception("warmth batch %s failed", batch_id)
        runner.mark_failed(batch_id, "后台处理时发生系统错误，未能申请。")
        raise
    return "done"

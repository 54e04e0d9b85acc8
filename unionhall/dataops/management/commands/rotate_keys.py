"""Re-encrypt personal data under the keyring's current key, in batches, while the site keeps running.

`--status` only counts the ciphertexts per key id (what still needs an old key). `--new-dev-key` (not in
production) adds a fresh key to var/dev-keys.json and makes it current before rotating."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionhall.core import pii
from unionhall.dataops.keys import key_ids_in_use
from unionhall.dataops.management.commands._common import run
from unionhall.dataops.services import pii_keys_rotate


class Command(BaseCommand):
    help = "个人信息密钥轮换：把所有加密字段改用当前密钥重新加密（分批进行，不停机），输出一行 JSON"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--status", action="store_true", help="只统计各密钥下的密文行数")
        parser.add_argument("--new-dev-key", action="store_true", help="开发环境：生成新密钥并设为当前密钥")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            pii.reset()
            self.stdout.write(json.dumps({"current": pii.keyring().current, "in_use": key_ids_in_use()}))
            return
        if options["new_dev_key"]:
            self._new_dev_key()
        counts = run("rotate_keys", lambda actor: pii_keys_rotate(actor=actor, batch_size=options["batch_size"]))
        self.stdout.write(json.dumps({"current": pii.keyring().current, "rotated": counts}, sort_keys=True))

    def _new_dev_key(self) -> None:
        if settings.PRODUCTION or settings.PII_KEYS or settings.PII_ENCRYPTION_KEY:
            raise CommandError("--new-dev-key 只用于开发环境的 var/dev-keys.json；生产环境请在环境变量中配置新密钥。")
        pii.keyring()  # makes the file exist
        path = settings.VAR_DIR / "dev-keys.json"
        stored = json.loads(path.read_text())
        kid = timezone.now().strftime("d%Y%m%d%H%M%S")
        stored.setdefault("pii_keys", {})[kid] = base64.urlsafe_b64encode(os.urandom(32)).decode()
        stored["pii_key_id"] = kid
        pii.write_dev_keys(stored)
        pii.reset()

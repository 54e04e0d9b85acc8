"""救助支出 moves here from `funds` with its rows: `Disbursement`, `DisbursementApproval` and `WarmthBatch`
are created in state on the tables `funds` made (no SQL), then each table is renamed to this app's name.
`funds` 0004 then drops them from its own state. The indexes keep the names they were created with.

The same way `Holiday` moved from `rights` to `workcalendar`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0003_encrypt_incomes_and_hardship_description"),
        ("funds", "0003_budget_payable_paid_accounts"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WarmthBatch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("filters", models.JSONField(blank=True, default=dict)),
                        ("amount_fen", models.PositiveBigIntegerField(default=0, verbose_name="每户金额（分）")),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("done", models.PositiveIntegerField(default=0)),
                        ("succeeded", models.PositiveIntegerField(default=0)),
                        ("results", models.JSONField(blank=True, default=list)),
                        ("status", models.CharField(default="pending", max_length=10)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "budget",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="funds.budget"
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "org",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.orgunit"
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="assistance.programme"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "funds_warmthbatch",
                        "ordering": ["-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Disbursement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("no", models.CharField(max_length=20, unique=True, verbose_name="编号")),
                        ("amount_fen", models.PositiveBigIntegerField(verbose_name="金额（分）")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("requested", "待审批"),
                                    ("partly", "待二次审批"),
                                    ("approved", "已批准待支付"),
                                    ("paid", "已支付"),
                                    ("rejected", "未批准"),
                                    ("cancelled", "已撤销"),
                                ],
                                db_index=True,
                                default="requested",
                                max_length=10,
                                verbose_name="状态",
                            ),
                        ),
                        ("needs_two_approvals", models.BooleanField(default=False, verbose_name="需两人审批")),
                        ("details", models.JSONField(blank=True, default=dict, verbose_name="明细")),
                        ("payee_name", models.CharField(max_length=50, verbose_name="收款人")),
                        ("bank_name", models.CharField(blank=True, max_length=60, verbose_name="开户银行")),
                        ("bank_account_enc", models.TextField(blank=True, verbose_name="银行卡号（密文）")),
                        ("bank_account_masked", models.CharField(blank=True, max_length=32, verbose_name="银行卡号")),
                        ("requested_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("paid_on", models.DateField(blank=True, null=True, verbose_name="支付日期")),
                        ("bank_ref", models.CharField(blank=True, max_length=60, verbose_name="银行流水号")),
                        ("cancel_reason", models.CharField(blank=True, max_length=300, verbose_name="撤销/驳回理由")),
                        (
                            "budget",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disbursements",
                                to="funds.budget",
                                verbose_name="预算",
                            ),
                        ),
                        (
                            "evidence",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="assistance.evidencefile",
                            ),
                        ),
                        (
                            "file",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disbursements",
                                to="assistance.hardshipfile",
                                verbose_name="困难档案",
                            ),
                        ),
                        (
                            "org",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="orgs.orgunit",
                                verbose_name="建档工会",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="disbursements",
                                to="assistance.programme",
                                verbose_name="帮扶项目",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "approve_journal",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="funds.journal",
                            ),
                        ),
                        (
                            "cancel_journal",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="funds.journal",
                            ),
                        ),
                        (
                            "pay_journal",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="funds.journal",
                            ),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="disbursements",
                                to="assistance.warmthbatch",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "funds_disbursement",
                        "indexes": [
                            models.Index(fields=["org", "status"], name="funds_disbu_org_id_f46549_idx"),
                            models.Index(fields=["programme", "requested_at"], name="funds_disbu_program_5d67f6_idx"),
                        ],
                        "verbose_name": "救助支出",
                        "ordering": ["-id"],
                    },
                ),
                migrations.CreateModel(
                    name="DisbursementApproval",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        (
                            "approver",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "disbursement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="approvals",
                                to="assistance.disbursement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "funds_disbursementapproval",
                        "ordering": ["id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("disbursement", "approver"), name="approval_by_different_people"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="warmthbatch", table=None),
        migrations.AlterModelTable(name="disbursement", table=None),
        migrations.AlterModelTable(name="disbursementapproval", table=None),
    ]

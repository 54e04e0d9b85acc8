"""救助支出 (`Disbursement`, `DisbursementApproval`, `WarmthBatch`) now belongs to `assistance` (its 0004
takes over the tables and their rows); here they only leave the state of `funds`, which becomes a plain
ledger."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0003_budget_payable_paid_accounts"),
        ("assistance", "0004_disbursements_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DisbursementApproval"),
                migrations.DeleteModel(name="Disbursement"),
                migrations.DeleteModel(name="WarmthBatch"),
            ]
        ),
    ]

"""救助支出: a programme's payment to an approved archive's household, from request to payment, and the
送温暖 batches that request many at once. The archive's side of the money; the ledger is `funds`."""

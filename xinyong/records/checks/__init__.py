"""核查: the counter check — verdict, centres' keys and receipts, counter sessions, the check flow and log."""

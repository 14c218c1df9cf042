"""Public pages (any URL not under /api/, /admin/ or /widget/)."""

"""Administration under /admin/ (and the sign-in it needs)."""

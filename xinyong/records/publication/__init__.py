"""公示: the publication rules, the stored state they derive, and what is in force today (在公示)."""

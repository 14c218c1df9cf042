"""`xinyong index check`: every segment read in full, then database vs index by digest."""

"""Open data: versioned bulk builds and the CSV / JSON Lines formats they (and downloads) are written in."""

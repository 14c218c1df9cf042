"""What public pages and the API show: profiles, records, summaries, home, statistics, feeds, browsing."""

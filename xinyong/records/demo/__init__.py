"""A realistic demo city: subjects, records and department-style files, from a seed."""

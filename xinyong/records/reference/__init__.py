"""Reference tables (区划, departments, memoranda, list types): seeded, looked up, and edited
by administrators."""

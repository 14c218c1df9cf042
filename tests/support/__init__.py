"""Test support code: helpers that test modules import (fixtures live in the conftest files).

One module per job: `files` (fixture files, edited copies), `databases` (PostgreSQL schemas),
`admin` (accounts, sign-in, form tokens), `apps` (a second app), `surfaces` (where a record shows),
`records` (small stored records for unit tests), `minor_publication` (令第36号 opt-ins),
`processes` (the portal as subprocesses, redis),
`browser` (screenshots and the browser site's hostile name).
"""

"""The domain: the system of record for what departments deliver. No Flask imports."""

"""Unit tests of xinyong.records' ingest feature: its pure logic, small data, no server."""

"""Unit tests of xinyong.records' publication feature: its pure logic, small data, no server."""

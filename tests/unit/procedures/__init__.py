"""Unit tests of xinyong.records' procedures feature: its pure logic, small data, no server."""

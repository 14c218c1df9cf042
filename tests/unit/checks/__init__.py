"""Unit tests of xinyong.records' checks feature: its pure logic, small data, no server."""

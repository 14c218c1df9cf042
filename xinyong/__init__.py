"""信用 (xinyong): a city's public credit-query portal."""

"""The embeddable counter-check widget: a loader script, the iframe it inserts, its pages."""

"""Text analysis for search: folding, name parts, typo candidates, highlighting."""

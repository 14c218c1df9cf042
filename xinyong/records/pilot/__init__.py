"""The pilot's figures (武信用办〔2016〕8号) and its quarterly report."""

"""Writing index segments: the term writer and the parallel rebuild."""

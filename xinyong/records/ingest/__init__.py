"""归集: reading department files, validating rows, writing them by natural key."""

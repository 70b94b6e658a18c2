"""Demo data: a believable network of territories, organizations, seals, groups and prices to try Feria with."""

"""One module per checklist item, its test beside it; the registry is ``checklist.ITEMS``."""

"""One module per checklist item."""

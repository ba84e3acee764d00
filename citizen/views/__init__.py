"""Pages for burgers and helpers, one module per area."""

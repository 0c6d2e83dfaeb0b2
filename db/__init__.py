"""Storage layer: SQLModel tables, engine and migrations; no business rules, no Qt."""

"""Use cases: keyword-only functions that take a session and own the transaction."""

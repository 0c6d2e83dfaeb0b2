"""Municipality mode: schools register, keys and setup files, package import, consolidation and reports."""

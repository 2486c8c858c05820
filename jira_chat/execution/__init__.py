"""Execution: resolve names, preview writes, run actions, read back and verify."""

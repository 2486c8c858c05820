"""CLI: thin Typer commands. Each command builds state, calls a lower layer, and returns a code."""

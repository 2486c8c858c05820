"""The offline planner's grammar: searches as slots over linked tokens, and write clauses."""

"""Planning: turn a person's request into a validated `Plan` (Gemini or offline)."""

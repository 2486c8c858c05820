"""Conversation: the assistant pipeline, the REPL and what a session remembers."""

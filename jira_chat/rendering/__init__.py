"""Rendering: every byte jira-chat shows goes through `Output` (Rich on a TTY, plain otherwise)."""

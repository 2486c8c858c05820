"""jira-chat: manage Jira in plain language from the terminal."""

__version__ = "0.1.0"

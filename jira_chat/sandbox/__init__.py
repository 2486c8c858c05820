"""The sandbox: a Jira-compatible server on loopback, backed by SQLite, with a seeded demo."""

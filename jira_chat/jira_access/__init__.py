"""Jira access: the service over python-jira, metadata cache, error mapping, rich text."""

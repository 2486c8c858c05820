"""jira-chat: manage Jira in plain language from the terminal."""

__version__ = "0.1.0"

import logging

# A library stays quiet unless the application configures logging (`--debug`, `sandbox serve`):
# without this, Python's last-resort handler would print warnings and tracebacks to users.
logging.getLogger(__name__).addHandler(logging.NullHandler())

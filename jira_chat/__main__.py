"""Allow `python -m jira_chat`."""

from jira_chat.cli.app import main

raise SystemExit(main())

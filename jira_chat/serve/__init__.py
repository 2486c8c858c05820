"""`jira-chat serve`: the assistant over HTTP (the original `POST /process-llm-prompt`) and a
chat page, on the same pipeline as the CLI.

Nothing here is imported at CLI start-up: `jira_chat.cli.serve_cmd` imports this package only
inside the command, so Starlette and uvicorn load only for `serve`.
"""

"""The sandbox: a Jira-compatible server on loopback, backed by SQLite, with a seeded demo.

Entry points (import them lazily: this package pulls in werkzeug):
  runner.start_sandbox(db_path, *, flavor, host, port, seed_issues, reset, enable_faults)
      -> SandboxHandle (url, flavor, username, api_token, personal_token, db_path, faults,
         request_log, env(), stop(); a context manager)
  runner.serve_forever(...)      the foreground server behind `jira-chat sandbox serve`
  runner.prepare_database(...)   schema + credentials + seed, without serving

Module map: seed_data (the demo's fixed facts) and seeding (the generator); db (WAL SQLite,
credentials); app (auth, routing, faults, transactions) with context/routing/errors;
api_meta, api_issues, api_search, api_agile, api_extras (endpoints); issue_write (field
validation), workflow (transitions), render and fielddefs (Jira's JSON shapes), richtext
(Markdown <-> ADF / wiki); faults (test-only fault injection, request log); jql/ (the JQL
engine, a separate package).
"""

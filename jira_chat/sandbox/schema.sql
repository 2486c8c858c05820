-- The sandbox's SQLite schema. One canonical form per value:
--   * timestamps (created, updated, resolved, started, sprint dates) are INTEGER epoch milliseconds, UTC;
--   * due dates are TEXT 'YYYY-MM-DD';
--   * rich text (descriptions, comment bodies) is Markdown; REST v3 converts to/from ADF,
--     REST v2 to/from wiki markup, at the HTTP boundary.
-- Names (project keys, statuses, priorities...) compare case-insensitively, as in Jira.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL UNIQUE,          -- Cloud identity
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE, -- Server/DC username
    display_name TEXT NOT NULL,
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active       INTEGER NOT NULL DEFAULT 1,
    time_zone    TEXT NOT NULL DEFAULT 'UTC'
);

CREATE TABLE IF NOT EXISTS projects (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL COLLATE NOCASE,
    lead_id     INTEGER REFERENCES users(id),
    description TEXT NOT NULL DEFAULT '',
    next_num    INTEGER NOT NULL DEFAULT 1      -- next issue number for KEY-n
);

CREATE TABLE IF NOT EXISTS components (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    name       TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (project_id, name)
);

CREATE TABLE IF NOT EXISTS issue_types (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    subtask         INTEGER NOT NULL DEFAULT 0,
    hierarchy_level INTEGER NOT NULL DEFAULT 0,  -- Epic 1, standard 0, Sub-task -1
    description     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS status_categories (
    id    INTEGER PRIMARY KEY,                  -- 2 new, 4 indeterminate, 3 done (Jira's ids)
    key   TEXT NOT NULL UNIQUE,                 -- 'new' | 'indeterminate' | 'done'
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- 'To Do' | 'In Progress' | 'Done'
    color TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS statuses (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    category_id INTEGER NOT NULL REFERENCES status_categories(id),
    position    INTEGER NOT NULL                -- workflow order, used by ORDER BY status
);

CREATE TABLE IF NOT EXISTS transitions (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    from_status_id INTEGER REFERENCES statuses(id), -- NULL: available from any other status
    to_status_id   INTEGER NOT NULL REFERENCES statuses(id)
);

CREATE TABLE IF NOT EXISTS priorities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    rank INTEGER NOT NULL                       -- 1 = Highest; ORDER BY priority DESC puts rank 1 first
);

CREATE TABLE IF NOT EXISTS resolutions (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE IF NOT EXISTS issues (
    id             INTEGER PRIMARY KEY,         -- Jira's numeric issue id (10000+)
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    num            INTEGER NOT NULL,
    key            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    issue_type_id  INTEGER NOT NULL REFERENCES issue_types(id),
    status_id      INTEGER NOT NULL REFERENCES statuses(id),
    priority_id    INTEGER REFERENCES priorities(id),
    resolution_id  INTEGER REFERENCES resolutions(id),
    summary        TEXT NOT NULL,
    description    TEXT,                        -- Markdown, NULL when empty
    assignee_id    INTEGER REFERENCES users(id),
    reporter_id    INTEGER REFERENCES users(id),
    parent_id      INTEGER REFERENCES issues(id), -- sub-task parent or epic
    created        INTEGER NOT NULL,
    updated        INTEGER NOT NULL,
    resolved       INTEGER,
    due_date       TEXT,
    UNIQUE (project_id, num)
);
CREATE INDEX IF NOT EXISTS issues_project ON issues(project_id, status_id);
CREATE INDEX IF NOT EXISTS issues_assignee ON issues(assignee_id);
CREATE INDEX IF NOT EXISTS issues_updated ON issues(updated);
CREATE INDEX IF NOT EXISTS issues_parent ON issues(parent_id);
-- `reporter = x` and `created >= -7d` / `ORDER BY created`: 10-50x faster on 10,000 issues.
-- (status_id alone is left out: issues_project and the small status table serve it.)
CREATE INDEX IF NOT EXISTS issues_reporter ON issues(reporter_id);
CREATE INDEX IF NOT EXISTS issues_created ON issues(created);

CREATE TABLE IF NOT EXISTS issue_labels (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    label    TEXT NOT NULL,                     -- labels are case-sensitive in Jira storage
    PRIMARY KEY (issue_id, label)
);
CREATE INDEX IF NOT EXISTS issue_labels_label ON issue_labels(label COLLATE NOCASE);

CREATE TABLE IF NOT EXISTS issue_components (
    issue_id     INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    component_id INTEGER NOT NULL REFERENCES components(id),
    PRIMARY KEY (issue_id, component_id)
);

CREATE TABLE IF NOT EXISTS boards (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    type       TEXT NOT NULL DEFAULT 'scrum'
);

CREATE TABLE IF NOT EXISTS sprints (
    id            INTEGER PRIMARY KEY,
    board_id      INTEGER NOT NULL REFERENCES boards(id),
    name          TEXT NOT NULL,
    state         TEXT NOT NULL,                -- 'closed' | 'active' | 'future'
    start_date    INTEGER,
    end_date      INTEGER,
    complete_date INTEGER,
    goal          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS issue_sprints (
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    sprint_id INTEGER NOT NULL REFERENCES sprints(id),
    PRIMARY KEY (issue_id, sprint_id)
);

CREATE TABLE IF NOT EXISTS comments (
    id        INTEGER PRIMARY KEY,
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    body      TEXT NOT NULL,                    -- Markdown
    created   INTEGER NOT NULL,
    updated   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_issue ON comments(issue_id);

CREATE TABLE IF NOT EXISTS watchers (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (issue_id, user_id)
);

CREATE TABLE IF NOT EXISTS worklogs (
    id                 INTEGER PRIMARY KEY,
    issue_id           INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    author_id          INTEGER NOT NULL REFERENCES users(id),
    time_spent_seconds INTEGER NOT NULL,
    started            INTEGER NOT NULL,
    comment            TEXT,
    created            INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS link_types (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE, -- Blocks, Relates, Duplicate
    inward  TEXT NOT NULL,                      -- 'is blocked by'
    outward TEXT NOT NULL                       -- 'blocks'
);

CREATE TABLE IF NOT EXISTS issue_links (
    id               INTEGER PRIMARY KEY,
    type_id          INTEGER NOT NULL REFERENCES link_types(id),
    inward_issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    outward_issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE
);

-- Added by the sandbox server (additive only): reverse lookups used when rendering pages
-- (links on both sides) and by JQL subqueries (sprint, component and watcher membership).
CREATE INDEX IF NOT EXISTS issue_links_inward ON issue_links(inward_issue_id);
CREATE INDEX IF NOT EXISTS issue_links_outward ON issue_links(outward_issue_id);
CREATE INDEX IF NOT EXISTS issue_sprints_sprint ON issue_sprints(sprint_id);
CREATE INDEX IF NOT EXISTS issue_components_component ON issue_components(component_id);
CREATE INDEX IF NOT EXISTS watchers_user ON watchers(user_id);

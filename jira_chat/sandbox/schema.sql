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

-- Custom fields (Story Points, Team, Epic Link on Server: see fielddefs.CUSTOM_FIELDS).
-- Epic Link is not stored here: it is the issue's parent_id when that parent is an Epic.
CREATE TABLE IF NOT EXISTS field_options (
    id       INTEGER PRIMARY KEY,
    field_id TEXT NOT NULL,                     -- 'customfield_10040'
    value    TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (field_id, value)
);

CREATE TABLE IF NOT EXISTS issue_field_values (
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    field_id  TEXT NOT NULL,
    number    REAL,                             -- number fields
    option_id INTEGER REFERENCES field_options(id), -- single-select fields
    PRIMARY KEY (issue_id, field_id)
);
CREATE INDEX IF NOT EXISTS issue_field_values_number ON issue_field_values(field_id, number);
CREATE INDEX IF NOT EXISTS issue_field_values_option ON issue_field_values(field_id, option_id);

CREATE TABLE IF NOT EXISTS versions (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    name         TEXT NOT NULL COLLATE NOCASE,
    description  TEXT NOT NULL DEFAULT '',
    released     INTEGER NOT NULL DEFAULT 0,
    archived     INTEGER NOT NULL DEFAULT 0,
    start_date   TEXT,                          -- 'YYYY-MM-DD'
    release_date TEXT,
    position     INTEGER NOT NULL DEFAULT 0,    -- the project's version order
    UNIQUE (project_id, name)
);

CREATE TABLE IF NOT EXISTS issue_fix_versions (
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    PRIMARY KEY (issue_id, version_id)
);
CREATE INDEX IF NOT EXISTS issue_fix_versions_version ON issue_fix_versions(version_id);

CREATE TABLE IF NOT EXISTS issue_affects_versions (
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    PRIMARY KEY (issue_id, version_id)
);
CREATE INDEX IF NOT EXISTS issue_affects_versions_version ON issue_affects_versions(version_id);

CREATE TABLE IF NOT EXISTS attachments (
    id        INTEGER PRIMARY KEY,
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id),
    filename  TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size      INTEGER NOT NULL,
    content   BLOB NOT NULL,
    created   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_issue ON attachments(issue_id);

-- Change history, in Jira's changelog shape: one group per write, one item per field changed.
-- from_value/to_value hold ids (status, user, priority, version, sprint...) or raw values;
-- from_string/to_string the display text. issue_id and created are copied onto each item so
-- `status CHANGED TO Done AFTER -7d` reads one index.
CREATE TABLE IF NOT EXISTS history_groups (
    id        INTEGER PRIMARY KEY,
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id),
    created   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS history_groups_issue ON history_groups(issue_id, created);

CREATE TABLE IF NOT EXISTS history_items (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES history_groups(id) ON DELETE CASCADE,
    issue_id    INTEGER NOT NULL,
    author_id   INTEGER,
    created     INTEGER NOT NULL,
    field       TEXT NOT NULL,                  -- Jira's changelog name: status, assignee, Sprint...
    field_type  TEXT NOT NULL,                  -- 'jira' | 'custom'
    field_id    TEXT NOT NULL,
    from_value  TEXT,
    from_string TEXT,
    to_value    TEXT,
    to_string   TEXT
);
CREATE INDEX IF NOT EXISTS history_items_to ON history_items(field, to_value, created);
CREATE INDEX IF NOT EXISTS history_items_from ON history_items(field, from_value, created);
CREATE INDEX IF NOT EXISTS history_items_group ON history_items(group_id);

-- The value timeline of the fields JQL's WAS searches (status, assignee, priority, reporter,
-- resolution, fixVersion): each row is one value held over [start_ms, end_ms), end NULL = now.
-- value NULL is "empty"; author_id is who set it. fixVersion has one span per version held.
CREATE TABLE IF NOT EXISTS field_spans (
    issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    value     INTEGER,
    start_ms  INTEGER NOT NULL,
    end_ms    INTEGER,
    author_id INTEGER
);
CREATE INDEX IF NOT EXISTS field_spans_value ON field_spans(field, value);
CREATE INDEX IF NOT EXISTS field_spans_issue ON field_spans(issue_id, field);

CREATE TABLE IF NOT EXISTS remote_links (
    id          INTEGER PRIMARY KEY,
    issue_id    INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    global_id   TEXT,
    url         TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT,
    relationship TEXT,
    application TEXT                            -- JSON object or NULL
);
CREATE INDEX IF NOT EXISTS remote_links_issue ON remote_links(issue_id);

CREATE TABLE IF NOT EXISTS filters (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE,
    jql         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id    INTEGER REFERENCES users(id),
    favourite   INTEGER NOT NULL DEFAULT 0
);

-- Return projects with their funders, eligible-cost budget, reporting periods and subsidy conditions. A
-- client takes part when their trajectory names the project (client.project, the summary column).
CREATE TABLE project (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);
CREATE INDEX client_by_project ON client (organisation_id, project);

-- The resources table: every record of every kind, its API shape in doc.
-- An unnamed record has a NULL name, which the unique index lets repeat.
-- attrs holds the searchable attributes and references of records.
CREATE TABLE resources (
	account     TEXT NOT NULL,
	region      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	id          TEXT NOT NULL,
	instance_id TEXT NOT NULL,
	name        TEXT,
	arn         TEXT NOT NULL,
	modified    INTEGER NOT NULL,
	doc         BLOB NOT NULL,
	secret      BLOB,
	PRIMARY KEY (account, region, kind, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX resources_name ON resources (account, region, instance_id, kind, name);

CREATE INDEX resources_instance ON resources (account, region, instance_id, kind, id);

CREATE TABLE attrs (
	account     TEXT NOT NULL,
	region      TEXT NOT NULL,
	instance_id TEXT NOT NULL,
	name        TEXT NOT NULL,
	value       TEXT NOT NULL,
	kind        TEXT NOT NULL,
	id          TEXT NOT NULL
);

CREATE INDEX attrs_value ON attrs (account, region, instance_id, name, value, kind, id);

CREATE INDEX attrs_owner ON attrs (account, region, kind, id);

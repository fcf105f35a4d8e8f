-- Fewer pages to write and read per record. resources becomes a rowid
-- table: a record (a user's is over 1 KB) overflowed a WITHOUT ROWID
-- page's share, onto a page of its own. attrs is kept in the order of the
-- index searches read (a table and its value index were two copies).
-- Unnamed records (agent queues) stay out of the name index.
CREATE TABLE resources_by_row (
	account     TEXT NOT NULL,
	region      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	id          TEXT NOT NULL,
	instance_id TEXT NOT NULL,
	name        TEXT,
	arn         TEXT NOT NULL,
	modified    INTEGER NOT NULL,
	doc         BLOB NOT NULL,
	secret      BLOB
);

INSERT INTO resources_by_row SELECT account, region, kind, id, instance_id, name, arn, modified, doc, secret FROM resources;

DROP TABLE resources;

ALTER TABLE resources_by_row RENAME TO resources;

CREATE UNIQUE INDEX resources_key ON resources (account, region, kind, id);

CREATE UNIQUE INDEX resources_name ON resources (account, region, instance_id, kind, name) WHERE name IS NOT NULL;

CREATE INDEX resources_instance ON resources (account, region, instance_id, kind, id);

CREATE TABLE attrs_by_value (
	account     TEXT NOT NULL,
	region      TEXT NOT NULL,
	instance_id TEXT NOT NULL,
	name        TEXT NOT NULL,
	value       TEXT NOT NULL,
	kind        TEXT NOT NULL,
	id          TEXT NOT NULL,
	PRIMARY KEY (account, region, instance_id, name, value, kind, id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO attrs_by_value SELECT account, region, instance_id, name, value, kind, id FROM attrs;

DROP TABLE attrs;

ALTER TABLE attrs_by_value RENAME TO attrs;

CREATE INDEX attrs_owner ON attrs (account, region, kind, id);

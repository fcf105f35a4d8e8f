-- The resources table: every record of every kind, as in the SQLite store.
-- Text columns compare and sort byte for byte (COLLATE "C"), whatever the
-- database's default collation, so names clash and IDs page as they do in
-- SQLite. An unnamed record has a NULL name, which the unique index lets
-- repeat.
CREATE TABLE resources (
	account     text COLLATE "C" NOT NULL,
	region      text COLLATE "C" NOT NULL,
	kind        text COLLATE "C" NOT NULL,
	id          text COLLATE "C" NOT NULL,
	instance_id text COLLATE "C" NOT NULL,
	name        text COLLATE "C",
	arn         text NOT NULL,
	modified    bigint NOT NULL,
	doc         bytea NOT NULL,
	secret      bytea,
	PRIMARY KEY (account, region, kind, id)
);

CREATE UNIQUE INDEX resources_name ON resources (account, region, instance_id, kind, name);

CREATE INDEX resources_instance ON resources (account, region, instance_id, kind, id);

-- Searchable attributes and references of records. Values are bytea, so
-- they compare byte for byte and hold any bytes a client sent.
CREATE TABLE attrs (
	account     text COLLATE "C" NOT NULL,
	region      text COLLATE "C" NOT NULL,
	instance_id text COLLATE "C" NOT NULL,
	name        text COLLATE "C" NOT NULL,
	value       bytea NOT NULL,
	kind        text COLLATE "C" NOT NULL,
	id          text COLLATE "C" NOT NULL
);

CREATE INDEX attrs_value ON attrs (account, region, instance_id, name, value, kind, id);

CREATE INDEX attrs_owner ON attrs (account, region, kind, id);

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

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

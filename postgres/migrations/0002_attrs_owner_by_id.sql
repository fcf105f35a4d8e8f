-- attrs_owner finds a record's attributes by its key. Led by the ID, it
-- can serve nothing else: led by the account and region, as it was, it
-- offered a planner without statistics (right after a bulk load, or where
-- autovacuum is off) a scan of every attribute of an account, in ID order,
-- as a cheap way to answer a search.
DROP INDEX attrs_owner;

CREATE INDEX attrs_owner ON attrs (id, kind, account, region);

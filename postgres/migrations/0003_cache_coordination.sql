-- No table changes. connectd processes on a schema now coordinate through
-- an advisory lock and the channel connectd_cache, so that only one that
-- is alone on the schema caches records (see presence.go). A connectd
-- from before does not take part: this version number makes it refuse
-- the schema rather than write behind a cache's back.
COMMENT ON TABLE resources IS 'connectd records; processes sharing this schema coordinate their caches through an advisory lock';

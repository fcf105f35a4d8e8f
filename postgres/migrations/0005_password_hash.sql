-- A user's password hash has a column of its own, a PHC string that names
-- its algorithm and version; the secret column, which held it or the part
-- of a security or routing profile its Describe shape does not show, keeps
-- only the latter, as private. Users' hashes move across, so they still
-- verify. A connectd from before, still running on the schema, then fails
-- its statements rather than write a hash where none is read.
ALTER TABLE resources RENAME COLUMN secret TO private;

ALTER TABLE resources ADD COLUMN password_hash text NOT NULL DEFAULT '';

UPDATE resources SET password_hash = convert_from(private, 'UTF8'), private = NULL WHERE kind = 'user' AND private IS NOT NULL;

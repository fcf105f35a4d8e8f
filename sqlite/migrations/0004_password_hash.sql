-- A user's password hash has a column of its own, a PHC string that names
-- its algorithm and version; the secret column, which held it or the part
-- of a security or routing profile its Describe shape does not show, keeps
-- only the latter, as private. Users' hashes move across, so they still
-- verify.
ALTER TABLE resources RENAME COLUMN secret TO private;

ALTER TABLE resources ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';

UPDATE resources SET password_hash = CAST(private AS TEXT), private = NULL WHERE kind = 'user' AND private IS NOT NULL;

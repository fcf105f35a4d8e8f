// Package storesql is the SQL core of the SQLite and PostgreSQL stores:
// their creates, reads, updates, deletes, reference checks, quotas,
// listing and migrations, written once over a Dialect, the small table of
// what each engine does its own way, and a minimal transaction interface
// (Tx), which each store implements over its own driver.
package storesql

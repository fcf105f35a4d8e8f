// Package postgres is the connect.Store on PostgreSQL, through a pgx
// connection pool.
//
// The schema is the SQLite store's, in PostgreSQL terms: one resources
// table whose unique index on (account, region, instance_id, kind, name)
// makes the database, not this process, the judge of name clashes, so any
// number of connectd processes may share one database. Open applies the
// embedded, numbered migrations (migrations/NNNN_*.sql) under an advisory
// lock and records them in connectd_schema_migrations.
//
// Tables are created in, and looked up through, the connection's
// search_path: give the DSN a search_path parameter to keep connectd in a
// schema of its own.
//
// Where the server has pg_trgm and lets this user create it (or it is
// installed already, in any schema), Open also makes a trigram index for
// CONTAINS searches; elsewhere those read every value of an instance.
// The store runs VACUUM (ANALYZE) on its tables itself, in the background,
// as writes accumulate, so that it does not depend on autovacuum. Its
// cache (package cache) keeps what it reads in memory while no other
// connectd process has its schema open (presence.go).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is a connect.Store on PostgreSQL, whose reads go through a cache
// (package cache) while no other connectd process has its schema open
// (see presence).
type Store struct {
	*cache.Store[uint64]
	db *sqlStore
}

// sqlStore is the store without its cache.
type sqlStore struct {
	pool *pgxpool.Pool
	// written counts records written since the last vacuum; vacuumEvery
	// is how many make the next one; vacuuming is set while one runs,
	// under the context background, which Close cancels.
	written     atomic.Int64
	vacuumEvery atomic.Int64
	vacuuming   atomic.Bool
	background  context.Context
	stop        context.CancelFunc
	// gens are the database's version for the cache, while presence
	// lets it cache.
	gens     *generations
	presence *presence
	// trigram says that attrs has its trigram index.
	trigram bool
	// explain, when set (by tests), is called with each statement of a
	// search, in a read-only transaction of its own, before the search
	// runs it.
	explain func(ctx context.Context, tx pgx.Tx, sql string, args []any) error
}

var _ cache.Source[uint64] = (*sqlStore)(nil)

// Options tune a Store.
type Options struct {
	// MaxConns caps the connection pool; 0 keeps pgx's default.
	MaxConns int32
}

// Open connects to the database the DSN names (a postgres:// URL or
// keyword=value pairs, as pgx reads them) and brings its schema up to date.
// It refuses a database whose schema is newer than this connectd knows.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	db, err := open(ctx, dsn, opts, "pg_trgm")
	if err != nil {
		return nil, err
	}
	return newStore(db), nil
}

// newStore puts the cache in front of db.
func newStore(db *sqlStore) *Store {
	return &Store{Store: cache.New(db, cache.CacheBytes), db: db}
}

// open is Open with the name of the extension that provides gin_trgm_ops:
// tests name one that does not exist.
func open(ctx context.Context, dsn string, opts Options, trgm string) (*sqlStore, error) {
	if migrationsErr != nil {
		return nil, fmt.Errorf("postgres: %w", migrationsErr)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if opts.MaxConns < 0 {
		return nil, fmt.Errorf("postgres: MaxConns %d is negative", opts.MaxConns)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
		if cfg.MinConns > cfg.MaxConns {
			cfg.MinConns = cfg.MaxConns
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// The presence's connection is made while the pool's first one
	// migrates: each takes a PostgreSQL backend's start-up.
	type dialed struct {
		conn *pgx.Conn
		err  error
	}
	presenceConn := make(chan dialed, 1)
	go func() {
		conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig.Copy())
		presenceConn <- dialed{conn, err}
	}()
	trigram, err := migrate(ctx, pool, trgm)
	d := <-presenceConn
	if err == nil {
		err = d.err
	}
	if err != nil {
		if d.conn != nil {
			d.conn.Close(ctx)
		}
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &sqlStore{pool: pool, trigram: trigram, gens: &generations{}}
	s.background, s.stop = context.WithCancel(context.Background())
	if s.presence, err = startPresence(ctx, s.background, d.conn, s.gens); err != nil {
		s.stop()
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s.vacuumEvery.Store(minVacuumEvery)
	s.vacuum(openVacuumDelay)
	return s, nil
}

// Close stops the store's vacuum, if one runs, and closes the pool,
// waiting for connections in use to be returned.
func (s *sqlStore) Close() error {
	s.stop()
	s.presence.wait()
	s.pool.Close()
	return nil
}

// Migrations.

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the embedded migrations, versions 1 to len(migrations) in
// order; migrationsErr says why they could not be read.
var migrations, migrationsErr = storesql.LoadMigrations(migrationFiles, "migrations")

// migrationLock is the key of the transaction-level advisory lock that
// serializes migrations between processes: "connectd" in ASCII.
const migrationLock int64 = 0x636f6e6e65637464

// migrate applies the migrations the database lacks, in one transaction
// that first takes the advisory lock: a process that waited for the lock
// then sees what the holder committed (READ COMMITTED takes a fresh
// snapshot per statement) and has nothing left to do. Then it makes the
// trigram index, where it can, and reports whether attrs has it.
func migrate(ctx context.Context, pool *pgxpool.Pool, trgm string) (trigram bool, err error) {
	err = retry(ctx, func() error {
		return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS connectd_schema_migrations (
				version    integer PRIMARY KEY,
				name       text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`)
			if err != nil {
				return err
			}
			if err := dialect.Migrate(ctx, &pgTx{Tx: tx}, migrations); err != nil {
				return err
			}
			trigram, err = trigramIndex(ctx, tx, trgm)
			return err
		})
	})
	return trigram, err
}

// trigramIndexName is the GIN index over the trigrams of the values of
// the attributes in trigramAttrs, by which CONTAINS searches find the few
// values that hold a string instead of reading every value of an
// instance. The index is made once: one that holds other attributes must
// have another name.
const trigramIndexName = "attrs_trigram"

// trigramAttrs are the attributes the trigram index holds: the free text
// that CONTAINS searches look into. The other attributes hold IDs, which
// CONTAINS may search too (reading every value), or tags, which it does
// not; their many distinct trigrams would cost every write.
var trigramAttrs = map[string]bool{connect.AttrUsername: true, connect.AttrFirstName: true, connect.AttrLastName: true}

// trigramPredicate is the trigram index's predicate.
var trigramPredicate = func() string {
	var names []string
	for n := range trigramAttrs {
		names = append(names, "'"+n+"'")
	}
	slices.Sort(names)
	return "name IN (" + strings.Join(names, ", ") + ")"
}()

// trigramIndex makes the trigram index unless attrs has it, and reports
// whether attrs has it. The index needs the extension pg_trgm (named
// trgm), which a server may lack or refuse to this user: then the store
// does without, its CONTAINS searches slower, and the next Open tries
// again. The index holds encode(value, 'escape'), the values as text
// (bytea holds what text cannot: NUL, and bytes that are not UTF-8). Its
// list of pending entries, which inserts append to and every search
// reads through, is kept at 256 kB rather than the 4 MB default, so that
// searches read little of it and the insert that merges it into the index
// waits less.
func trigramIndex(ctx context.Context, tx pgx.Tx, trgm string) (bool, error) {
	var have bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'attrs'::regclass AND c.relname = $1)`, trigramIndexName).Scan(&have)
	if err != nil || have {
		return have, err
	}
	if _, err := tx.Exec(ctx, `SAVEPOINT connectd_trigram`); err != nil {
		return false, err
	}
	err = func() error {
		// Where pg_trgm is installed already, in any schema, that one.
		if _, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS `+pgx.Identifier{trgm}.Sanitize()); err != nil {
			return err
		}
		var schema string
		err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = $1`, trgm).Scan(&schema)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `CREATE INDEX `+trigramIndexName+` ON attrs USING gin (encode(value, 'escape') `+
			pgx.Identifier{schema, "gin_trgm_ops"}.Sanitize()+`) WITH (gin_pending_list_limit = 256) WHERE `+trigramPredicate)
		return err
	}()
	if err != nil {
		if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT connectd_trigram`); err != nil {
			return false, err
		}
		return false, nil
	}
	_, err = tx.Exec(ctx, `RELEASE SAVEPOINT connectd_trigram`)
	return err == nil, err
}

// Errors and retries.

// SQLSTATEs the store acts on.
const (
	uniqueViolation      = "23505"
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
)

func sqlState(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// maxAttempts bounds the tries of an operation the database aborted for a
// serialization failure or a deadlock.
const maxAttempts = 6

// retry runs f until it succeeds, fails for another reason, or has been
// tried maxAttempts times, sleeping a short, jittered, doubling backoff
// between tries.
func retry(ctx context.Context, f func() error) error {
	backoff := 4 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := f()
		if code := sqlState(err); code != serializationFailure && code != deadlockDetected {
			return err
		}
		if attempt == maxAttempts {
			return fmt.Errorf("postgres: gave up after %d attempts: %w", attempt, err)
		}
		t := time.NewTimer(backoff/2 + rand.N(backoff/2))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		backoff *= 2
	}
}

// write runs f in a transaction, retried as a whole when the database
// aborts it for a serialization failure or a deadlock, and tells the cache
// what it wrote once it has ended: what the last try noted, nothing if f
// failed (the transaction rolled back), everything if the commit failed
// (it may have happened).
func (s *sqlStore) write(ctx context.Context, f func(storesql.Tx) error) error {
	tx := &pgTx{}
	var failed error // f's error in the last try
	s.gens.beginWrite()
	err := retry(ctx, func() error {
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{}, func(t pgx.Tx) error {
			tx.Tx, tx.written, tx.all = t, tx.written[:0], false
			failed = f(tx)
			return failed
		})
	})
	switch {
	case err == nil:
		s.gens.endWrite(tx.all, tx.written)
	case failed != nil:
		s.gens.endWrite(false, nil)
	default:
		s.gens.endWrite(true, nil)
	}
	return err
}

// The store's methods.

// minVacuumEvery is the fewest written records (created, updated or
// deleted) that make the store vacuum and analyze its tables; past 25,000
// records, a fifth of their number does. Autovacuum would do this too, but
// late (or never, where it is off). Statistics keep the planner from
// believing that the tables hold a row or two, which turns lookups by key
// into scans of an account. The visibility map that VACUUM keeps lets the
// index-only scans of searches that select many records skip the table,
// which makes counting them far cheaper (BENCHMARKS.md). And VACUUM reclaims
// what updates and deletes leave behind.
const minVacuumEvery = 5000

// openVacuumDelay is how long Open's vacuum waits: started at once, it took
// a connection and the cores from the first requests, and slowed start-up
// (BENCHMARKS.md).
const openVacuumDelay = time.Second

// vacuum runs VACUUM (ANALYZE) on connectd's tables in the background,
// after delay, one at a time in this process, skipping the tables another
// holds.
func (s *sqlStore) vacuum(delay time.Duration) {
	if !s.vacuuming.CompareAndSwap(false, true) {
		return
	}
	s.written.Store(0)
	go func() {
		defer s.vacuuming.Store(false)
		select {
		case <-time.After(delay):
		case <-s.background.Done():
			return
		}
		ctx, cancel := context.WithTimeout(s.background, 10*time.Minute)
		defer cancel()
		if _, err := s.pool.Exec(ctx, `VACUUM (ANALYZE, SKIP_LOCKED) resources, attrs`); err != nil {
			return
		}
		var records float64
		if err := s.pool.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'resources'::regclass`).Scan(&records); err == nil {
			s.vacuumEvery.Store(max(minVacuumEvery, int64(records/5)))
		}
	}()
}

// wrote counts n written records, and starts a vacuum when they are
// enough.
func (s *sqlStore) wrote(n int) {
	if s.written.Add(int64(n)) >= s.vacuumEvery.Load() {
		s.vacuum(0)
	}
}

// dialect is what PostgreSQL does its own way in the SQL core's
// statements. Writes from many connections and processes run at once, so
// what they read must be held: Update's record FOR UPDATE, the records
// referred to FOR SHARE (see checkRefs), and a quota's count under an
// advisory lock on its instance and kind.
var dialect = storesql.Dialect{
	SchemaVersionSQL: `SELECT COALESCE(max(version), 0) FROM connectd_schema_migrations`,
	Migrated: func(ctx context.Context, tx storesql.Tx, m storesql.Migration) error {
		_, err := tx.Exec(ctx, `INSERT INTO connectd_schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
		return err
	},
	NoRows:            pgx.ErrNoRows,
	IsUniqueViolation: func(err error) bool { return sqlState(err) == uniqueViolation },
	AttrValue:         func(v string) any { return []byte(v) },
	Limit: func(limit int) any {
		if limit < 0 {
			return nil // LIMIT NULL is no limit
		}
		return limit
	},
	Storable:    storable,
	ForUpdate:   ` FOR UPDATE`,
	QuotaLock:   `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
	CheckRefs:   checkRefs,
	InsertAttrs: insertAttrs,
}

// Create implements connect.Store.
func (s *sqlStore) Create(ctx context.Context, recs ...connect.Record) error {
	if len(recs) == 0 {
		return nil
	}
	// Counted once written, for the vacuum to see them.
	defer s.wrote(len(recs))
	return s.write(ctx, func(tx storesql.Tx) error { return dialect.Create(ctx, tx, recs) })
}

// Update implements connect.Store. The row is read FOR UPDATE, so a
// concurrent Update of the same record, from any process, waits for this
// one to commit and then reads what it wrote.
func (s *sqlStore) Update(ctx context.Context, key connect.Key, change func(*connect.Record) error) error {
	if !storable(key.Account, key.Region, string(key.Kind), key.ID) {
		return connect.ErrNotFound
	}
	defer s.wrote(1)
	return s.write(ctx, func(tx storesql.Tx) error { return dialect.Update(ctx, tx, key, change) })
}

// Delete implements connect.Store.
func (s *sqlStore) Delete(ctx context.Context, keys ...connect.Key) error {
	if len(keys) == 0 {
		return nil
	}
	if !storable(keys[0].Account, keys[0].Region, string(keys[0].Kind), keys[0].ID) {
		return connect.ErrNotFound
	}
	defer s.wrote(len(keys))
	return s.write(ctx, func(tx storesql.Tx) error { return dialect.Delete(ctx, tx, keys) })
}

// DeleteInstance implements connect.Store.
func (s *sqlStore) DeleteInstance(ctx context.Context, key connect.Key) error {
	if !storable(key.Account, key.Region, key.ID) {
		return connect.ErrNotFound
	}
	var deleted int64
	err := s.write(ctx, func(tx storesql.Tx) (err error) {
		deleted, err = dialect.DeleteInstance(ctx, tx, key)
		return err
	})
	if err == nil {
		s.wrote(int(deleted))
	}
	return err
}

// checkRefs implements storesql.Dialect.CheckRefs in one statement: each
// round trip cost more than the rows it read. FOR SHARE holds the rows
// referred to: a concurrent Delete waits for this transaction, then finds
// the reference and refuses; a Delete that came first makes this find
// nothing.
func checkRefs(ctx context.Context, tx storesql.Tx, r connect.Record, refs []connect.Key) error {
	kinds, ids := make([]string, len(refs)), make([]string, len(refs))
	for i, k := range refs {
		kinds[i], ids[i] = string(k.Kind), k.ID
	}
	var found int
	err := tx.QueryRow(ctx, `WITH locked AS (SELECT 1 FROM resources
		WHERE account = $1 AND region = $2 AND instance_id = $3 AND (kind, id) IN (SELECT * FROM unnest($4::text[], $5::text[]))
		FOR SHARE)
		SELECT count(*) FROM locked`, r.Account, r.Region, r.InstanceID, kinds, ids).Scan(&found)
	if err != nil {
		return err
	}
	if found < len(refs) {
		return connect.ErrMissingRef
	}
	return nil
}

// insertAttrs implements storesql.Dialect.InsertAttrs in one statement.
func insertAttrs(ctx context.Context, tx storesql.Tx, r connect.Record) error {
	names, values := make([]string, len(r.Attrs)), make([][]byte, len(r.Attrs))
	for i, a := range r.Attrs {
		names[i], values[i] = a.Name, []byte(a.Value)
	}
	_, err := tx.Exec(ctx, `INSERT INTO attrs (account, region, instance_id, name, value, kind, id)
		SELECT $1, $2, $3, a.name, a.value, $6, $7 FROM unnest($4::text[], $5::bytea[]) AS a(name, value)`,
		r.Account, r.Region, r.InstanceID, names, values, string(r.Kind), r.ID)
	return err
}

// pgTx is a transaction as the SQL core writes through it, with what it
// noted it wrote.
type pgTx struct {
	pgx.Tx
	written []cache.Written
	all     bool
}

func (t *pgTx) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := t.Tx.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

func (t *pgTx) QueryRow(ctx context.Context, sql string, args ...any) storesql.Row {
	return t.Tx.QueryRow(ctx, sql, args...)
}

func (t *pgTx) Wrote(w cache.Written) { t.written = append(t.written, w) }

func (t *pgTx) WroteAll() { t.all = true }

// pool is the connection pool as the SQL core reads through it.
type pool struct{ *pgxpool.Pool }

func (p pool) QueryRow(ctx context.Context, sql string, args ...any) storesql.Row {
	return p.Pool.QueryRow(ctx, sql, args...)
}

func (p pool) Query(ctx context.Context, sql string, args ...any) (storesql.Rows, error) {
	return p.Pool.Query(ctx, sql, args...)
}

// storable reports whether PostgreSQL's text type can hold every string:
// it refuses NUL and invalid UTF-8, so no stored record has such a key, and
// a lookup by one finds nothing rather than failing.
func storable(strs ...string) bool {
	for _, s := range strs {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return false
		}
	}
	return true
}

// Version and Watch implement cache.Source.
func (s *sqlStore) Version() (uint64, bool) { return s.gens.version() }

func (s *sqlStore) Watch(w cache.Watcher[uint64]) { s.gens.watch(w) }

// Get implements connect.Store.
func (s *sqlStore) Get(ctx context.Context, key connect.Key) (r connect.Record, err error) {
	err = retry(ctx, func() error {
		r, err = dialect.Get(ctx, pool{s.pool}, key)
		return err
	})
	return r, err
}

// List implements connect.Store. A negative Limit sets no limit, as in
// SQLite.
func (s *sqlStore) List(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	return s.list(ctx, q)
}

// list reads a page of records from the database.
func (s *sqlStore) list(ctx context.Context, q connect.ListQuery) (out []connect.Record, err error) {
	err = retry(ctx, func() error {
		out, err = dialect.List(ctx, pool{s.pool}, q)
		return err
	})
	return out, err
}

// exportFetch is how many rows Export holds at a time.
const exportFetch = 256

// Export implements connect.Store. It reads through a cursor in a
// read-only REPEATABLE READ transaction, so the records are one snapshot
// however long each takes, at most exportFetch of them in memory; stopping
// early rolls the transaction back instead of draining the result. The
// text columns sort byte for byte (COLLATE "C"), as in SQLite.
func (s *sqlStore) Export(ctx context.Context, each func(connect.Record) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	_, err = tx.Exec(ctx, `DECLARE connectd_export NO SCROLL CURSOR FOR
		SELECT `+storesql.Columns+` FROM resources ORDER BY account, region, kind, id`)
	if err != nil {
		return err
	}
	fetch := fmt.Sprintf(`FETCH %d FROM connectd_export`, exportFetch)
	for {
		rows, err := tx.Query(ctx, fetch)
		if err != nil {
			return err
		}
		recs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (connect.Record, error) { return storesql.ScanRecord(row) })
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := each(r); err != nil {
				return err
			}
		}
		if len(recs) < exportFetch {
			return nil
		}
	}
}

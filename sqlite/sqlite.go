// Package sqlite is the connect.Store on an embedded SQLite database, through
// the pure-Go driver modernc.org/sqlite: building needs no C compiler.
//
// The database runs in WAL mode with synchronous=FULL, so a call that
// returned has reached the disk. Writes go through one connection (SQLite
// has one writer at a time anyway), in groups that share a commit; reads
// use a pool of their own. The statements are storesql's, in SQLite's
// dialect. The store tells its cache (package cache) the database's
// version from the WAL index, and what its own commits wrote.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Store is a connect.Store on SQLite, whose reads go through a cache
// (package cache) for as long as the database is unchanged: the version of
// a database file is the header of its WAL index (see walIndex), which
// any commit by any process rewrites.
type Store struct {
	*cache.Store[version]
	db *sqlStore
}

// sqlStore is the store without its cache.
type sqlStore struct {
	write    *sql.DB
	read     *sql.DB
	jobs     chan writeJob // to the writer goroutine
	stopped  chan struct{} // closed when the writer has stopped
	closing  sync.Once
	prepared readStatements // parsing a read statement can cost more than running it
	// version reads the database's version: the WAL index's of a file,
	// commits' of a memory database (only this store writes it).
	version func() (version, bool)
	wal     *walIndex     // a file's version; nil for a memory database
	pinned  *sql.Conn     // a file's read connection held open (see walIndex)
	commits atomic.Uint32 // a memory database's version
	// watcher is told of the writer's commits (the cache); columns are
	// what CONTAINS searches read, kept by the same rule.
	watcher cache.Watcher[version]
	columns *columns

	afterCommit func()       // set by tests only: runs right after each commit
	afterIDs    func()       // set by tests only: runs when a search has read IDs
	columnReads atomic.Int64 // columns read through SQL, for tests
}

var _ cache.Source[version] = (*sqlStore)(nil)

// Memory is the path that selects a throw-away in-memory database.
const Memory = ":memory:"

// Open opens (creating if needed) the database at path and brings its
// schema up to date. Path Memory gives a private in-memory database.
func Open(path string) (*Store, error) {
	db, err := open(path)
	if err != nil {
		return nil, err
	}
	return &Store{Store: cache.New(db, cache.CacheBytes), db: db}, nil
}

// open is Open without the cache.
func open(path string) (*sqlStore, error) {
	if path == Memory {
		db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
		if err != nil {
			return nil, err
		}
		// Each connection to :memory: is its own database: keep exactly one.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		s := &sqlStore{write: db, read: db, columns: newColumns()}
		s.version = s.commitCount
		if err := s.migrate(); err != nil {
			db.Close()
			return nil, err
		}
		s.startWriter()
		return s, nil
	}
	dsn := func(extra string) string {
		q := url.Values{}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "busy_timeout(10000)")
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode() + extra
	}
	// The writer checkpoints at SQLite's default bound of WAL pages. A
	// checkpoint runs inside the commit that passes the bound, and holds
	// up every write waiting behind it: a larger bound made creates a
	// little faster but their tail latency far longer (BENCHMARKS.md).
	write, err := sql.Open("sqlite", dsn("&_txlock=immediate&_pragma=temp_store(MEMORY)"))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &sqlStore{write: write, columns: newColumns()}
	if err := s.migrate(); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	// Reads hit the operating system's cache of the file anyway: SQLite's
	// default page cache on each read connection cost memory and was no
	// faster than a quarter of it (BENCHMARKS.md).
	read, err := sql.Open("sqlite", dsn("&_pragma=query_only(1)&_pragma=cache_size(-512)"))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(2*runtime.GOMAXPROCS(0) + 1)
	read.SetMaxIdleConns(2*runtime.GOMAXPROCS(0) + 1)
	read.SetConnMaxIdleTime(0)
	s.read = read
	// One connection stays open, and has read, for as long as the store
	// is: SQLite keeps the WAL index it maps in place while one does.
	ctx := context.Background()
	if s.pinned, err = read.Conn(ctx); err == nil {
		_, err = s.pinned.ExecContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	s.wal = openWALIndex(path)
	s.version = s.wal.current
	s.startWriter()
	return s, nil
}

// startWriter starts the writer, once the schema is current.
func (s *sqlStore) startWriter() {
	s.jobs, s.stopped = make(chan writeJob), make(chan struct{})
	go s.writer(map[string]*sql.Stmt{})
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the embedded migrations, versions 1 to len(migrations) in
// order; PRAGMA user_version counts those a database has applied.
// migrationsErr says why they could not be read.
var migrations, migrationsErr = storesql.LoadMigrations(migrationFiles, "migrations")

// migrate applies the migrations the database lacks, in one IMMEDIATE
// transaction: a process that waited for the write lock then finds
// nothing left to do.
func (s *sqlStore) migrate() error {
	if migrationsErr != nil {
		return migrationsErr
	}
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := dialect.Migrate(ctx, &writeTx{Tx: tx, unprepared: map[string]bool{}}, migrations); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (s *sqlStore) Close() error {
	var err error
	s.closing.Do(func() {
		if s.jobs != nil {
			close(s.jobs)
			<-s.stopped
		}
		s.prepared.close()
		if s.wal != nil {
			s.wal.close()
		}
		if s.pinned != nil {
			s.pinned.Close()
		}
		err = s.write.Close()
		if s.read != s.write {
			err = errors.Join(err, s.read.Close())
		}
	})
	return err
}

// dialect is what SQLite does its own way in the SQL core's statements.
// Writes are serial (one writer, IMMEDIATE transactions), so nothing
// needs locking beyond them.
var dialect = storesql.Dialect{
	SchemaVersionSQL: `PRAGMA user_version`,
	Migrated: func(ctx context.Context, tx storesql.Tx, m storesql.Migration) error {
		_, err := tx.Exec(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.Version))
		return err
	},
	NoRows:            sql.ErrNoRows,
	IsUniqueViolation: isUniqueViolation,
	AttrValue:         func(v string) any { return v },
	Limit:             func(limit int) any { return limit }, // SQLite reads a negative LIMIT as none
	InsertAttrs:       insertAttrs,
	ListSummaries:     listSummaries,
}

func isUniqueViolation(err error) bool {
	var e *sqlite3.Error
	if errors.As(err, &e) {
		c := e.Code()
		return c == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// Create implements connect.Store.
func (s *sqlStore) Create(ctx context.Context, recs ...connect.Record) error {
	return s.inTx(ctx, func(tx *writeTx) error { return dialect.Create(ctx, tx, recs) })
}

// Update implements connect.Store. Writes go through one connection in
// IMMEDIATE transactions, so the read and the write are one step.
func (s *sqlStore) Update(ctx context.Context, key connect.Key, change func(*connect.Record) error) error {
	return s.inTx(ctx, func(tx *writeTx) error { return dialect.Update(ctx, tx, key, change) })
}

// Delete implements connect.Store.
func (s *sqlStore) Delete(ctx context.Context, keys ...connect.Key) error {
	return s.inTx(ctx, func(tx *writeTx) error { return dialect.Delete(ctx, tx, keys) })
}

// DeleteInstance implements connect.Store.
func (s *sqlStore) DeleteInstance(ctx context.Context, key connect.Key) error {
	return s.inTx(ctx, func(tx *writeTx) error {
		_, err := dialect.DeleteInstance(ctx, tx, key)
		return err
	})
}

// insertAttrs writes a record's attributes, several rows to a statement:
// each statement run costs more than the rows it writes.
func insertAttrs(ctx context.Context, tx storesql.Tx, r connect.Record) error {
	for attrs := r.Attrs; len(attrs) > 0; {
		n := min(len(attrs), maxAttrRows)
		args := make([]any, 0, 3+4*n)
		args = append(args, r.Account, r.Region, r.InstanceID)
		for _, a := range attrs[:n] {
			args = append(args, a.Name, a.Value, string(r.Kind), r.ID)
		}
		if _, err := tx.Exec(ctx, insertAttrsSQL[n], args...); err != nil {
			return err
		}
		attrs = attrs[n:]
	}
	return nil
}

// maxAttrRows is the most attribute rows one statement inserts.
const maxAttrRows = 8

// insertAttrsSQL[n] inserts n attribute rows of one record. A record may
// list an attribute twice (a security profile given twice); it is kept once.
var insertAttrsSQL = func() []string {
	stmts := make([]string, maxAttrRows+1)
	for n := 1; n <= maxAttrRows; n++ {
		rows := strings.Repeat(", (?1, ?2, ?3, ?, ?, ?, ?)", n)[2:]
		stmts[n] = `INSERT OR IGNORE INTO attrs (account, region, instance_id, name, value, kind, id) VALUES ` + rows
	}
	return stmts
}()

// commitCount is a memory database's version: only this store writes it.
func (s *sqlStore) commitCount() (version, bool) {
	return versionAt(uint32(s.commits.Load())), true
}

// Version implements cache.Source.
func (s *sqlStore) Version() (version, bool) { return s.version() }

// Watch implements cache.Source. The writer has not committed yet.
func (s *sqlStore) Watch(w cache.Watcher[version]) { s.watcher = w }

// Get implements connect.Store.
func (s *sqlStore) Get(ctx context.Context, key connect.Key) (connect.Record, error) {
	return dialect.Get(ctx, reader{s}, key)
}

// List implements connect.Store.
func (s *sqlStore) List(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	return s.list(ctx, q)
}

// list reads a page of records through SQL.
func (s *sqlStore) list(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	return dialect.List(ctx, reader{s}, q)
}

// listSummaries reads only the columns a summary needs that the query
// does not already say, and reads them as one row: SQLite joins each
// column's values into one string, with sep between them (which
// valid UTF-8 never holds). A row per record cost much more, most of it
// in the driver's work per column of each row (BENCHMARKS.md).
func listSummaries(ctx context.Context, db storesql.Querier, q connect.ListQuery, where string, args []any) ([]connect.Record, error) {
	var n int
	var ids, names, arns, modified string
	err := db.QueryRow(ctx, `SELECT count(*), `+joined("id")+`, `+joined("name")+`, `+joined("arn")+`, `+joined("modified")+`
		FROM (SELECT id, COALESCE(name, '') AS name, arn, modified FROM resources WHERE `+where+` ORDER BY id LIMIT $6)`, args...).
		Scan(&n, &ids, &names, &arns, &modified)
	if err != nil {
		return nil, err
	}
	out := make([]connect.Record, n)
	scope := connect.ScopeFor(q.Account, q.Region)
	for i := range out {
		r := &out[i]
		r.Key = connect.Key{Scope: scope, Kind: q.Kind}
		r.InstanceID = q.InstanceID
		var ms string
		r.ID, ids, _ = strings.Cut(ids, sepString)
		r.Name, names, _ = strings.Cut(names, sepString)
		r.Arn, arns, _ = strings.Cut(arns, sepString)
		ms, modified, _ = strings.Cut(modified, sepString)
		millis, err := strconv.ParseInt(ms, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s %q: modified %q: %w", q.Kind, r.ID, ms, err)
		}
		r.Modified = time.UnixMilli(millis).UTC()
	}
	if ids != "" || names != "" || arns != "" || modified != "" {
		return nil, fmt.Errorf("sqlite: a summary of the %s after %q holds a byte that is not UTF-8", q.Kind, q.After)
	}
	// The values were joined in the order the page was read in, which is
	// ID order; sorting again costs little then, and makes sure.
	slices.SortFunc(out, func(a, b connect.Record) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// joined is SQL for the values of a column, with sep between them.
func joined(column string) string {
	return `COALESCE(group_concat(` + column + `, x'ff'), '')`
}

// Export implements connect.Store. One statement reads every record, so in
// WAL mode they are the snapshot of the moment it began; rows are scanned
// one at a time, in primary key order, which is the table's own order.
func (s *sqlStore) Export(ctx context.Context, each func(connect.Record) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT `+storesql.Columns+` FROM resources ORDER BY account, region, kind, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := storesql.ScanRecord(rows)
		if err != nil {
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

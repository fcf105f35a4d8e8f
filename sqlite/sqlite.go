// Package sqlite is the connect.Store on an embedded SQLite database, through
// the pure-Go driver modernc.org/sqlite: building needs no C compiler.
//
// The database runs in WAL mode with synchronous=FULL, so a call that
// returned has reached the disk. Writes go through one connection (SQLite
// has one writer at a time anyway); reads use a pool of their own.
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

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Store is a connect.Store on SQLite.
type Store struct {
	write    *sql.DB
	read     *sql.DB
	jobs     chan writeJob // to the writer goroutine
	stopped  chan struct{} // closed when the writer has stopped
	closing  sync.Once
	prepared readStatements // parsing a read statement can cost more than running it
	cache    *cache
	wal      *walIndex     // a file's version; nil for a memory database
	pinned   *sql.Conn     // a file's read connection held open (see walIndex)
	commits  atomic.Uint32 // a memory database's version

	afterCommit func()       // set by tests only: runs right after each commit
	afterIDs    func()       // set by tests only: runs when a search has read IDs
	columnReads atomic.Int64 // columns read through SQL, for tests
}

var _ connect.Store = (*Store)(nil)

// Memory is the path that selects a throw-away in-memory database.
const Memory = ":memory:"

// Open opens (creating if needed) the database at path and brings its
// schema up to date. Path Memory gives a private in-memory database.
func Open(path string) (*Store, error) {
	if path == Memory {
		db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
		if err != nil {
			return nil, err
		}
		// Each connection to :memory: is its own database: keep exactly one.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		s := &Store{write: db, read: db}
		s.cache = newCache(s.commitCount, storesql.CacheBytes)
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
	// The writer checkpoints at SQLite's default of 1000 WAL pages. A
	// checkpoint runs inside the commit that passes the bound, and holds
	// up every write waiting behind it: at 10,000 pages creates went 8%
	// faster, but their p99 at 16 clients was 43-45 ms against 23-25.
	write, err := sql.Open("sqlite", dsn("&_txlock=immediate&_pragma=temp_store(MEMORY)"))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &Store{write: write}
	if err := s.migrate(); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	// Reads hit the operating system's cache of the file anyway: a page
	// cache of SQLite's default 2 MiB on each read connection was 15 MB
	// more memory at 100,000 users, and no faster than 512 KiB.
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
	s.cache = newCache(s.wal.current, storesql.CacheBytes)
	s.startWriter()
	return s, nil
}

// startWriter starts the writer, once the schema is current.
func (s *Store) startWriter() {
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
func (s *Store) migrate() error {
	if migrationsErr != nil {
		return migrationsErr
	}
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	pending, err := storesql.Pending(migrations, version)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error {
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

func nullName(name string) any {
	if name == "" {
		return nil
	}
	return name
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
func (s *Store) Create(ctx context.Context, recs ...connect.Record) error {
	return s.inTx(ctx, func(tx *writeTx) error {
		for _, r := range recs {
			_, err := tx.ExecContext(ctx, `INSERT INTO resources
				(account, region, kind, id, instance_id, name, arn, modified, doc, secret)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				r.Account, r.Region, string(r.Kind), r.ID, r.InstanceID, nullName(r.Name),
				r.Arn, r.Modified.UnixMilli(), r.Doc, r.Secret)
			if isUniqueViolation(err) {
				return connect.ErrDuplicate
			}
			if err != nil {
				return err
			}
			if err := insertAttrs(ctx, tx, r); err != nil {
				return err
			}
			if r.Quota > 0 {
				var n int
				err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM resources WHERE account = ? AND region = ? AND instance_id = ? AND kind = ? AND name IS NOT NULL`,
					r.Account, r.Region, r.InstanceID, string(r.Kind)).Scan(&n)
				if err != nil {
					return err
				}
				if n > r.Quota {
					return connect.ErrQuota
				}
			}
		}
		return nil
	})
}

// insertAttrs stores a record's attributes, after checking that what it
// refers to exists: writes are serial, so nothing can delete it before
// this transaction commits. It notes the record as written (see
// writeTx.written).
func insertAttrs(ctx context.Context, tx *writeTx, r connect.Record) error {
	for _, a := range r.Attrs {
		if kind, ok := strings.CutPrefix(a.Name, connect.RefPrefix); ok {
			if tx.exists(connect.Key{Scope: r.Scope, Kind: connect.Kind(kind), ID: a.Value}, r.InstanceID) {
				continue
			}
			var n int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ? AND instance_id = ?`,
				r.Account, r.Region, kind, a.Value, r.InstanceID).Scan(&n)
			if err != nil {
				return err
			}
			if n == 0 {
				return connect.ErrMissingRef
			}
		}
	}
	tx.written = append(tx.written, writtenRecord{key: r.Key, instance: r.InstanceID, name: r.Name, arn: r.Arn,
		modified: r.Modified, attrs: r.Attrs})
	// Several rows to a statement: each statement run costs more than the
	// rows it writes.
	for attrs := r.Attrs; len(attrs) > 0; {
		n := min(len(attrs), maxAttrRows)
		args := make([]any, 0, 3+4*n)
		args = append(args, r.Account, r.Region, r.InstanceID)
		for _, a := range attrs[:n] {
			args = append(args, a.Name, a.Value, string(r.Kind), r.ID)
		}
		if _, err := tx.ExecContext(ctx, insertAttrsSQL[n], args...); err != nil {
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

// deleteAttrs removes a record's attributes, and notes it as written.
func deleteAttrs(ctx context.Context, tx *writeTx, k connect.Key) error {
	tx.written = append(tx.written, writtenRecord{key: k, deleted: true})
	_, err := tx.ExecContext(ctx, `DELETE FROM attrs WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
		k.Account, k.Region, string(k.Kind), k.ID)
	return err
}

// getSQL reads one record by its key.
var getSQL = `SELECT ` + columns + ` FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ?`

// columns are what scan reads, of the resources table.
var columns = columnsOf("resources")

// columnsOf is the columns scan reads, of a table or alias.
func columnsOf(alias string) string {
	a := alias + "."
	return a + "account, " + a + "region, " + a + "kind, " + a + "id, " + a + "instance_id, COALESCE(" + a + "name, ''), " +
		a + "arn, " + a + "modified, " + a + "doc, " + a + "secret"
}

type scanner interface{ Scan(...any) error }

func scan(row scanner) (connect.Record, error) {
	var r connect.Record
	var kind string
	var modified int64
	err := row.Scan(&r.Account, &r.Region, &kind, &r.ID, &r.InstanceID, &r.Name, &r.Arn, &modified, &r.Doc, &r.Secret)
	if err != nil {
		return r, err
	}
	r.Scope = connect.ScopeFor(r.Account, r.Region)
	r.Kind = connect.Kind(kind)
	r.Modified = time.UnixMilli(modified).UTC()
	return r, nil
}

// commitCount is a memory database's version: only this store writes it.
func (s *Store) commitCount() (version, bool) {
	return versionAt(uint32(s.commits.Load())), true
}

// Get implements connect.Store. The record returned may be shared with
// other callers: it must not be modified.
func (s *Store) Get(ctx context.Context, key connect.Key) (connect.Record, error) {
	v, known := s.cache.current()
	if known {
		if r, ok := s.cache.lookup(v, key); ok {
			return r, nil
		}
	}
	row := s.queryRow(ctx, getSQL, key.Account, key.Region, string(key.Kind), key.ID)
	r, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return r, connect.ErrNotFound
	}
	if err != nil {
		return r, err
	}
	if known {
		s.cache.add(v, key, r)
	}
	return r, nil
}

// List implements connect.Store. Pages of summaries of every record come
// from the cache's listing of the instance and kind when it holds them
// (see storesql.Listing), and go into it when read through SQL.
func (s *Store) List(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	if !q.Summaries || q.Unnamed != nil || q.Limit <= 0 {
		return s.list(ctx, q)
	}
	v, known := s.cache.current()
	if !known {
		return s.list(ctx, q)
	}
	key := storesql.ListingKey{Scope: q.Scope, Instance: q.InstanceID, Kind: q.Kind}
	if l := s.cache.listing(v, key); l != nil {
		if page, ok := l.Page(q); ok {
			return page, nil
		}
	}
	page, err := s.list(ctx, q)
	if err == nil {
		s.cache.addListed(v, key, q.After, q.Limit, page)
	}
	return page, err
}

// list reads a page of records through SQL.
func (s *Store) list(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	var where strings.Builder
	args := []any{q.Account, q.Region, q.InstanceID, string(q.Kind), q.After}
	where.WriteString(`account = ? AND region = ? AND instance_id = ? AND kind = ? AND id > ?`)
	if q.Unnamed != nil {
		if *q.Unnamed {
			where.WriteString(` AND name IS NULL`)
		} else {
			where.WriteString(` AND name IS NOT NULL`)
		}
	}
	args = append(args, q.Limit)
	if q.Summaries {
		return s.listSummaries(ctx, q, where.String(), args)
	}
	rows, err := s.query(ctx, `SELECT `+columns+` FROM resources WHERE `+where.String()+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]connect.Record, 0, storesql.PageCapacity(q.Limit))
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// listSummaries reads only the columns a summary needs that the query
// does not already say, and reads them as one row: SQLite joins each
// column's values into one string, with sep between them (which
// valid UTF-8 never holds). A row per record cost twice as much, most of
// it in the driver's work per column of each row.
func (s *Store) listSummaries(ctx context.Context, q connect.ListQuery, where string, args []any) ([]connect.Record, error) {
	var n int
	var ids, names, arns, modified string
	err := s.queryRow(ctx, `SELECT count(*), `+joined("id")+`, `+joined("name")+`, `+joined("arn")+`, `+joined("modified")+`
		FROM (SELECT id, COALESCE(name, '') AS name, arn, modified FROM resources WHERE `+where+` ORDER BY id LIMIT ?)`, args...).
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

// Delete implements connect.Store. It deletes first and then looks for
// what still refers to the deleted records, so records deleted together
// may refer to each other.
func (s *Store) Delete(ctx context.Context, keys ...connect.Key) error {
	return s.inTx(ctx, func(tx *writeTx) error {
		type gone struct {
			key      connect.Key
			instance string
		}
		var deleted []gone
		for i, k := range keys {
			var instance string
			err := tx.QueryRowContext(ctx, `DELETE FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ? RETURNING instance_id`,
				k.Account, k.Region, string(k.Kind), k.ID).Scan(&instance)
			if errors.Is(err, sql.ErrNoRows) {
				if i == 0 {
					return connect.ErrNotFound
				}
				continue
			}
			if err != nil {
				return err
			}
			if err := deleteAttrs(ctx, tx, k); err != nil {
				return err
			}
			deleted = append(deleted, gone{k, instance})
		}
		for _, g := range deleted {
			var used int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attrs WHERE account = ? AND region = ? AND instance_id = ? AND name = ? AND value = ?`,
				g.key.Account, g.key.Region, g.instance, connect.RefPrefix+string(g.key.Kind), g.key.ID).Scan(&used)
			if err != nil {
				return err
			}
			if used > 0 {
				return connect.ErrInUse
			}
		}
		return nil
	})
}

// DeleteInstance implements connect.Store.
func (s *Store) DeleteInstance(ctx context.Context, key connect.Key) error {
	return s.inTx(ctx, func(tx *writeTx) error {
		tx.everything = true
		res, err := tx.ExecContext(ctx, `DELETE FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
			key.Account, key.Region, string(connect.KindInstance), key.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return connect.ErrNotFound
		}
		if err := deleteAttrs(ctx, tx, connect.Key{Scope: key.Scope, Kind: connect.KindInstance, ID: key.ID}); err != nil {
			return err
		}
		for _, table := range []string{"resources", "attrs"} {
			_, err = tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE account = ? AND region = ? AND instance_id = ?`,
				key.Account, key.Region, key.ID)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Export implements connect.Store. One statement reads every record, so in
// WAL mode they are the snapshot of the moment it began; rows are scanned
// one at a time, in primary key order, which is the table's own order.
func (s *Store) Export(ctx context.Context, each func(connect.Record) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT `+columns+` FROM resources ORDER BY account, region, kind, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

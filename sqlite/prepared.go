package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/connectd/connectd/storesql"
)

// readStatements keeps the read statements the store has prepared, by
// text: parsing a statement is a good part of a search's cost, and more
// than Get's run (BENCHMARKS.md). Past maxPrepared, more run unprepared.
type readStatements struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func (p *readStatements) get(db *sql.DB, query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.stmts[query]; ok {
		return st
	}
	if len(p.stmts) >= maxPrepared {
		return nil
	}
	st, err := db.Prepare(query)
	if err != nil {
		return nil // the query will say why when it runs
	}
	if p.stmts == nil {
		p.stmts = map[string]*sql.Stmt{}
	}
	p.stmts[query] = st
	return st
}

func (p *readStatements) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = nil
}

// query runs a read statement, prepared when it can be.
func (s *sqlStore) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.prepared.get(s.read, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.read.QueryContext(ctx, query, args...)
}

// queryRow is query for one row.
func (s *sqlStore) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.prepared.get(s.read, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, query, args...)
}

// reader is the store's read pool as the SQL core reads through it, with
// its prepared statements.
type reader struct{ s *sqlStore }

func (r reader) QueryRow(ctx context.Context, query string, args ...any) storesql.Row {
	return r.s.queryRow(ctx, query, args...)
}

func (r reader) Query(ctx context.Context, query string, args ...any) (storesql.Rows, error) {
	rows, err := r.s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// sqlRows are database/sql's rows as the SQL core reads them.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

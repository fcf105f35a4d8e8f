package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// inTx runs f in a write transaction and returns once what f wrote is on
// disk. Writes are committed in groups: while one commit syncs, the writes
// that arrive wait and then share the next transaction (see commitGroup).
// f may run more than once, so it must depend only on the transaction.
func (s *sqlStore) inTx(ctx context.Context, f func(*writeTx) error) error {
	job := writeJob{ctx: ctx, f: f, done: make(chan error, 1)}
	select {
	case s.jobs <- job:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-job.done
}

type writeJob struct {
	ctx  context.Context
	f    func(*writeTx) error
	done chan error
}

// maxGroup bounds how many writes share one commit.
const maxGroup = 256

// maxPrepared bounds the statements the writer keeps prepared, and those
// the read pool keeps. Each runs a few dozen different statements, built
// from the shape of a query and not from its values.
const maxPrepared = 64

// writer runs the write jobs, a group at a time, until jobs is closed. It
// owns the statements it has prepared.
func (s *sqlStore) writer(prepared map[string]*sql.Stmt) {
	defer close(s.stopped)
	defer func() {
		for _, st := range prepared {
			st.Close()
		}
	}()
	for job := range s.jobs {
		group := []writeJob{job}
	gather:
		for len(group) < maxGroup {
			select {
			case j, ok := <-s.jobs:
				if !ok {
					break gather
				}
				group = append(group, j)
			default:
				break gather
			}
		}
		tx := &writeTx{prepared: prepared, unprepared: map[string]bool{}, watcher: s.watcher}
		s.commitGroup(tx, group)
		// Between transactions the writer's one connection is free to
		// prepare what this group ran unprepared.
		for q := range tx.unprepared {
			if len(prepared) >= maxPrepared {
				break
			}
			if st, err := s.write.Prepare(q); err == nil {
				prepared[q] = st
			}
		}
	}
}

// commitGroup runs a group of jobs in one transaction and tells each its
// outcome. It runs them first without savepoints, which cost a statement
// each way and a copy of every page a job touches; if a job fails, which
// may leave part of its work written, the group runs again with each job
// in a savepoint of its own, so that one job's failure undoes only its
// own writes.
func (s *sqlStore) commitGroup(tx *writeTx, group []writeJob) {
	results, err := s.runGroup(tx, group, false)
	if errors.Is(err, errJobFailed) {
		results, err = s.runGroup(tx, group, true)
	}
	for i, j := range group {
		if err != nil {
			results[i] = err
		}
		j.done <- results[i]
	}
}

// errJobFailed stops a group run without savepoints.
var errJobFailed = errors.New("sqlite: a write in the group failed")

func (s *sqlStore) runGroup(tx *writeTx, group []writeJob, savepoints bool) ([]error, error) {
	results := make([]error, len(group))
	tx.written, tx.everything = tx.written[:0], false
	var err error
	if tx.Tx, err = s.write.BeginTx(context.Background(), nil); err != nil {
		return results, err
	}
	defer tx.Rollback()
	// The transaction holds the write lock: no other commit can come
	// before this one's.
	before, known := s.version()
	tx.before, tx.known = before, known
	ctx := context.Background()
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if savepoints {
			if _, err := tx.Exec(ctx, `SAVEPOINT job`); err != nil {
				return results, err
			}
		}
		written := len(tx.written)
		if results[i] = j.f(tx); results[i] != nil {
			if !savepoints {
				return results, errJobFailed
			}
			if _, err := tx.Exec(ctx, `ROLLBACK TO job`); err != nil {
				return results, err
			}
			tx.written = tx.written[:written]
		}
		if savepoints {
			if _, err := tx.Exec(ctx, `RELEASE job`); err != nil {
				return results, err
			}
		}
	}
	// Reads that see the commit's version before the caches are told of
	// it must not empty them.
	s.columns.commit()
	if s.watcher != nil {
		s.watcher.Committing()
	}
	if err := tx.Commit(); err != nil {
		s.abandon()
		return results, err
	}
	s.commits.Add(1)
	if s.afterCommit != nil {
		s.afterCommit()
	}
	after, ok := s.version()
	if !known || !ok {
		s.abandon()
		return results, nil
	}
	// The transaction held the write lock from before: if after is one
	// commit on, nothing but this commit came between.
	alone := after.commits() == before.commits()+1
	s.columns.committed(before, after, alone, tx.everything, tx.written)
	if s.watcher != nil {
		s.watcher.Committed(before, after, alone, tx.everything, tx.written)
	}
	return results, nil
}

// abandon tells the caches that a commit failed, or that its version
// could not be read.
func (s *sqlStore) abandon() {
	s.columns.abandon()
	if s.watcher != nil {
		s.watcher.Abandoned()
	}
}

// writeTx is the transaction write jobs run in. It runs each statement
// through the writer's prepared one when there is one, and notes those
// that were not: parsing a statement cost as much as running it.
type writeTx struct {
	*sql.Tx
	prepared   map[string]*sql.Stmt
	unprepared map[string]bool
	// written are the records the transaction changed, in order, each
	// with the attributes it gave the record, as the SQL core notes them
	// (see storesql.Tx). everything is set when it may have changed more
	// than those.
	written    []cache.Written
	everything bool
	// watcher is the store's cache, if it has one; the transaction began
	// at version before, if known.
	watcher cache.Watcher[version]
	before  version
	known   bool
}

// Exists reports whether the record with the key is in the instance as far
// as the cache knows, sparing a look-up (every user refers to a routing
// profile and a security profile, which the service has just read). What
// the cache holds for the version the transaction began at existed then,
// and since then only the transaction's own writes, which it notes, can
// have removed it. False means only that the cache cannot tell.
func (tx *writeTx) Exists(key connect.Key, instance string) bool {
	if tx.watcher == nil || !tx.known || tx.everything || slices.ContainsFunc(tx.written, func(w cache.Written) bool { return w.Key == key }) {
		return false
	}
	r, ok := tx.watcher.Known(tx.before, key)
	return ok && r.InstanceID == instance
}

// Wrote and WroteAll implement storesql.Tx.
func (tx *writeTx) Wrote(w cache.Written) { tx.written = append(tx.written, w) }

func (tx *writeTx) WroteAll() { tx.everything = true }

// Exec implements storesql.Tx.
func (tx *writeTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if st := tx.prepared[query]; st != nil {
		res, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	} else {
		tx.unprepared[query] = true
		res, err = tx.Tx.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// QueryRow implements storesql.Tx.
func (tx *writeTx) QueryRow(ctx context.Context, query string, args ...any) storesql.Row {
	if st := tx.prepared[query]; st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	tx.unprepared[query] = true
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

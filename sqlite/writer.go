package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/connectd/connectd/connect"
)

// inTx runs f in a write transaction and returns once what f wrote is on
// disk. Writes are committed in groups: while one commit syncs, the writes
// that arrive wait and then share the next transaction (see commitGroup).
// f may run more than once, so it must depend only on the transaction.
func (s *Store) inTx(ctx context.Context, f func(*writeTx) error) error {
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

// maxPrepared bounds the statements the writer keeps prepared. Writes run
// a few dozen different statements, none of them built from data.
const maxPrepared = 64

// writer runs the write jobs, a group at a time, until jobs is closed. It
// owns the statements it has prepared.
func (s *Store) writer(prepared map[string]*sql.Stmt) {
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
		tx := &writeTx{prepared: prepared, unprepared: map[string]bool{}, refs: &s.refs}
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
func (s *Store) commitGroup(tx *writeTx, group []writeJob) {
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

func (s *Store) runGroup(tx *writeTx, group []writeJob, savepoints bool) ([]error, error) {
	results := make([]error, len(group))
	tx.touched, tx.everything = tx.touched[:0], false
	var err error
	if tx.Tx, err = s.write.BeginTx(context.Background(), nil); err != nil {
		return results, err
	}
	defer tx.Rollback()
	// The transaction holds the write lock: no other commit can come
	// before this one's.
	before, known := s.cache.current()
	tx.refs.begin(known, before)
	ctx := context.Background()
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT job`); err != nil {
				return results, err
			}
		}
		found := len(tx.refs.found)
		if results[i] = j.f(tx); results[i] != nil {
			if !savepoints {
				return results, errJobFailed
			}
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO job`); err != nil {
				return results, err
			}
			// What the job found may be what it wrote itself.
			tx.refs.found = tx.refs.found[:found]
		}
		if savepoints {
			if _, err := tx.ExecContext(ctx, `RELEASE job`); err != nil {
				return results, err
			}
		}
	}
	// Gets that see the commit's version before committed files the
	// cache under it must not empty the cache.
	s.cache.commit()
	if err := tx.Commit(); err != nil {
		s.cache.abandon()
		return results, err
	}
	s.commits.Add(1)
	if s.afterCommit != nil {
		s.afterCommit()
	}
	after, ok := s.cache.current()
	if known && ok {
		s.cache.committed(before, after, tx.everything, tx.touched)
	} else {
		s.cache.abandon()
	}
	tx.refs.committed(known && ok && after.commits() == before.commits()+1, after)
	return results, nil
}

// writeTx is the transaction write jobs run in. It runs each statement
// through the writer's prepared one when there is one, and notes those
// that were not: parsing a statement cost as much as running it.
type writeTx struct {
	*sql.Tx
	prepared   map[string]*sql.Stmt
	unprepared map[string]bool
	// touched are the records the transaction may change; everything is
	// set when it may change more than those.
	touched    []connect.Key
	everything bool
	refs       *refMemo
}

func (tx *writeTx) touch(keys ...connect.Key) { tx.touched = append(tx.touched, keys...) }

func (tx *writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.prepared[query]; st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	tx.unprepared[query] = true
	return tx.Tx.ExecContext(ctx, query, args...)
}

func (tx *writeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.prepared[query]; st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	tx.unprepared[query] = true
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// refMemo remembers records that writes found to exist, so that the writes
// after them that refer to the same records (every user refers to a
// routing profile and a security profile) need not look them up again:
// each look-up cost a quarter of a create's time in the writer.
//
// It holds what was true at the database version at. A write group uses
// it only if the database is still there when the group begins: another
// process's commit empties it. A group that deletes anything stops using
// it and empties it; otherwise, once the group commits, what it found is
// added. Only the writer goroutine uses it.
type refMemo struct {
	at       version
	existing map[refKey]bool
	// found are what the group running has looked up and found; usable
	// is false once it may have deleted something.
	found  []refKey
	usable bool
}

// refKey is a record in an instance.
type refKey struct {
	account, region string
	kind            connect.Kind
	id, instance    string
}

// maxRefs bounds the references remembered.
const maxRefs = 100_000

// begin starts a write group's transaction at version v (known false: the
// version could not be read, and nothing is used).
func (m *refMemo) begin(known bool, v version) {
	if !known || v != m.at {
		clear(m.existing)
	}
	m.found, m.usable = m.found[:0], known
}

// exists reports whether k is known to exist.
func (m *refMemo) exists(k refKey) bool { return m.usable && m.existing[k] }

// add notes that the running group found k.
func (m *refMemo) add(k refKey) { m.found = append(m.found, k) }

// deleting tells the memo that the running group may delete records.
func (m *refMemo) deleting() {
	m.usable = false
	clear(m.existing)
}

// committed follows the group's commit, the database now at version v;
// alone is false if another commit may have come between the group's
// beginning and v.
func (m *refMemo) committed(alone bool, v version) {
	if !alone || !m.usable || len(m.existing)+len(m.found) > maxRefs {
		clear(m.existing)
	}
	if alone && m.usable {
		if m.existing == nil {
			m.existing = map[refKey]bool{}
		}
		for _, k := range m.found {
			m.existing[k] = true
		}
	}
	m.at = v
}

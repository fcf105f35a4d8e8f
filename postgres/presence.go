package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// A store caches records only while it is the one connectd process on its
// schema: another process's writes would not reach its cache. The
// processes on a schema tell each other apart through one advisory lock,
// held by each on a connection of its own for as long as it is open:
//
//   - a process that caches holds the lock exclusively, every other one
//     holds it shared;
//   - a process opening the schema must hold the lock shared before it
//     reads or writes anything. While it cannot, it notifies the channel
//     cacheChannel (the schema's name as payload) and tries again: the
//     process that caches stops, empties its cache and takes the lock
//     shared instead of exclusively;
//   - a process that does not cache tries every presenceRetry to take the
//     lock exclusively. It succeeds only when no other process holds it,
//     and then caches, starting from an empty cache.
//
// Processes end their hold by closing the connection, or by ending:
// PostgreSQL releases the locks of a session that is gone. A process whose
// connection fails stops caching for good. Open takes its hold after
// migrating the schema: migrations change tables, not records. Writes
// made to the tables by anything other than connectd (SQL by hand) are
// not seen by a cache.
const cacheChannel = "connectd_cache"

// presenceRetry is how often a process that does not cache tries to.
var presenceRetry = 2 * time.Second

// presenceWait bounds how long Open waits for a process that caches to
// stop.
const presenceWait = 30 * time.Second

type presence struct {
	conn   *pgx.Conn
	schema string
	key    int64
	gens   *generations
	done   chan struct{}
}

// startPresence takes, on conn, the schema's lock shared (making a
// process that caches stop), caches if no other process is open, and goes
// on in the background until background ends. It closes conn when it
// fails.
func startPresence(ctx, background context.Context, conn *pgx.Conn, gens *generations) (*presence, error) {
	p := &presence{conn: conn, gens: gens, done: make(chan struct{})}
	err := conn.QueryRow(ctx, `SELECT current_schema(), hashtextextended('connectd cache ' || current_schema(), 0)`).Scan(&p.schema, &p.key)
	if err == nil {
		_, err = conn.Exec(ctx, `LISTEN `+cacheChannel)
	}
	if err == nil {
		err = p.holdShared(ctx)
	}
	if err == nil {
		err = p.tryToCache(ctx)
	}
	if err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	go p.run(background)
	return p, nil
}

// holdShared takes the lock shared, asking a process that caches to stop
// until it has.
func (p *presence) holdShared(ctx context.Context) error {
	deadline := time.Now().Add(presenceWait)
	for {
		var ok bool
		if err := p.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock_shared($1)`, p.key).Scan(&ok); err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("another connectd process caches schema %s and did not stop within %v", p.schema, presenceWait)
		}
		if _, err := p.conn.Exec(ctx, `SELECT pg_notify($1, $2)`, cacheChannel, p.schema); err != nil {
			return err
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// tryToCache takes the lock exclusively if no other process holds it,
// and then turns the cache on.
func (p *presence) tryToCache(ctx context.Context) error {
	var ok bool
	if err := p.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, p.key).Scan(&ok); err != nil || !ok {
		return err
	}
	if _, err := p.conn.Exec(ctx, `SELECT pg_advisory_unlock_shared($1)`, p.key); err != nil {
		return err
	}
	p.gens.setEnabled(true)
	return nil
}

// stopCaching turns the cache off, then trades the exclusive hold for a
// shared one.
func (p *presence) stopCaching(ctx context.Context) error {
	p.gens.setEnabled(false)
	if _, err := p.conn.Exec(ctx, `SELECT pg_advisory_lock_shared($1)`, p.key); err != nil {
		return err
	}
	_, err := p.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, p.key)
	return err
}

// run answers other processes' notifications while caching, and tries to
// cache again while not, until ctx ends or the connection fails.
func (p *presence) run(ctx context.Context) {
	defer close(p.done)
	defer p.conn.Close(context.Background())
	defer p.gens.setEnabled(false)
	for {
		caching := p.gens.isEnabled()
		wait, cancel := ctx, context.CancelFunc(func() {})
		if !caching {
			wait, cancel = context.WithTimeout(ctx, presenceRetry)
		}
		n, err := p.conn.WaitForNotification(wait)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, context.DeadlineExceeded):
			err = p.tryToCache(ctx)
		case err == nil && caching && n.Payload == p.schema && n.PID != p.conn.PgConn().PID():
			err = p.stopCaching(ctx)
		}
		if err != nil {
			return
		}
	}
}

// wait returns once run has ended and closed the connection, which
// releases its lock.
func (p *presence) wait() { <-p.done }

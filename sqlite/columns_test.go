package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// BenchmarkSearchContains searches 100,000 usernames for four digits, as
// the benchmark harness does, with SQLite testing each value and from the
// column in memory.
func BenchmarkSearchContains(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const users, batch = 100_000, 10_000
	for start := 0; start < users; start += batch {
		recs := make([]connect.Record, 0, batch)
		for i := start; i < start+batch; i++ {
			name := fmt.Sprintf("agent%06d", i)
			recs = append(recs, connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i*7919%users, i)},
				InstanceID: "i1", Name: name, Arn: "arn", Modified: time.Now(), Doc: []byte(`{}`), Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}}})
		}
		if err := s.Create(ctx, recs...); err != nil {
			b.Fatal(err)
		}
	}
	q := connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 100,
		Where: connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "1234"}}
	for _, bc := range []struct {
		name   string
		search func() ([]connect.Record, int, error)
	}{
		{"sql", func() ([]connect.Record, int, error) { return s.search(ctx, q, &whereClause{}) }},
		{"column", func() ([]connect.Record, int, error) { return s.Search(ctx, q) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.search() // the column is read once, at the first search
			for b.Loop() {
				if page, total, err := bc.search(); err != nil || total != 20 || len(page) != total {
					b.Fatal(len(page), total, err)
				}
			}
		})
	}
}

package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// mustFillUsers opens a store on a new file and creates users in instance
// i1 with their usernames (agent000000, …) searchable, in scattered ID
// order.
func mustFillUsers(b *testing.B, users int) *Store {
	ctx := context.Background()
	s := MustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
	const batch = 10_000
	for start := 0; start < users; start += batch {
		recs := make([]connect.Record, 0, batch)
		for i := start; i < min(start+batch, users); i++ {
			id, name := fmt.Sprintf("%08x-0000-4000-8000-%012x", i*7919%users, i), fmt.Sprintf("agent%06d", i)
			recs = append(recs, connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id},
				InstanceID: "i1", Name: name, Arn: connect.ChildARN(connect.DefaultScope, "i1", connect.KindUser, id), Modified: time.Now(),
				Doc: []byte(`{}`), Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}}})
		}
		if err := s.Create(ctx, recs...); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkSearchContains searches 100,000 usernames for four digits, as
// the benchmark harness does, with SQLite testing each value and from the
// column in memory.
func BenchmarkSearchContains(b *testing.B) {
	ctx := context.Background()
	s := mustFillUsers(b, 100_000)
	q := connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 100,
		Where: connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "1234"}}
	for _, bc := range []struct {
		name   string
		search func() ([]connect.Record, int, error)
	}{
		{"sql", func() ([]connect.Record, int, error) { return s.db.search(ctx, q, &whereClause{}) }},
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

// A column, after any sequence of sets and adds, finds what testing each
// value of each record finds.
func TestColumnMatchesEachValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "ann", "annette", "bob", "zoë", "a\x00b", "nne", "ëa"}
	want := map[string][]string{} // the reference: each record's values
	col := newColumn(version{})
	for step := range 20000 {
		id := fmt.Sprint("r", rng.IntN(3000))
		switch rng.IntN(4) {
		case 0:
			col.set(id, nil)
			delete(want, id)
		case 1:
			v := words[rng.IntN(len(words))] + fmt.Sprint(rng.IntN(10))
			col.add(id, v)
			want[id] = append(want[id], v)
		default:
			var values []string
			for range rng.IntN(3) {
				values = append(values, words[rng.IntN(len(words))])
			}
			col.set(id, values)
			if len(values) == 0 {
				delete(want, id)
			} else {
				want[id] = values
			}
		}
		if step%1000 != 999 {
			continue
		}
		values := 0
		for _, vs := range want {
			values += len(vs)
		}
		if col.values != values {
			t.Fatalf("step %d: the column counts %d values, want %d", step, col.values, values)
		}
		for _, substr := range []string{"nn", "ë", "\x00", "b1", "ann", "zz"} {
			var expected []string
			for id, vs := range want {
				if slices.ContainsFunc(vs, func(v string) bool { return strings.Contains(v, substr) }) {
					expected = append(expected, id)
				}
			}
			got, _, ok := col.containing(substr)
			if len(expected) > maxCandidates {
				if ok {
					t.Fatalf("step %d: %q: %d candidates, past the bound", step, substr, len(got))
				}
				continue
			}
			slices.Sort(got)
			slices.Sort(expected)
			if !ok || !slices.Equal(got, expected) {
				t.Fatalf("step %d: %q: found %v (%v), want %v", step, substr, got, ok, expected)
			}
		}
	}
	if _, _, ok := col.containing("\xff"); ok {
		t.Error("a search for invalid UTF-8 was answered from the column")
	}
}

// A column too large to keep is read once, not for every search, until a
// commit may have changed every record; searches still find what they
// should, through SQL.
func TestColumnTooLargeIsReadOnce(t *testing.T) {
	defer func(n int) { maxColumnValues = n }(maxColumnValues)
	maxColumnValues = 10
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s := MustOpen(t, path)
	user := func(i int) connect.Record {
		name := fmt.Sprintf("agent%02d", i)
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: fmt.Sprint("u", i)},
			InstanceID: "i1", Name: name, Arn: "arn", Modified: time.Now(), Doc: []byte(`{}`), Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}}}
	}
	var recs []connect.Record
	for i := range 8 {
		recs = append(recs, user(i))
	}
	if err := s.Create(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	search := func(s *Store) int {
		t.Helper()
		_, total, err := s.Search(ctx, connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 100,
			Where: connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "gent"}})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	if n := search(s); n != 8 || s.db.columnReads.Load() != 1 {
		t.Fatalf("first search: %d found, %d column reads", n, s.db.columnReads.Load())
	}
	// The column is kept; creates past the bound drop it.
	for i := 8; i < 12; i++ {
		if err := s.Create(ctx, user(i)); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if n := search(s); n != 12 {
			t.Fatalf("%d found, want 12", n)
		}
	}
	if n := s.db.columnReads.Load(); n != 1 {
		t.Errorf("a column that grew past the bound was read %d times in all, want 1", n)
	}
	// Another store finds it past the bound at its first read.
	other := MustOpen(t, path)
	for range 3 {
		if n := search(other); n != 12 {
			t.Fatalf("%d found, want 12", n)
		}
	}
	if n := other.db.columnReads.Load(); n != 1 {
		t.Errorf("a column past the bound was read %d times, want 1", n)
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// Whatever was written, and by whom, Search answers with the records one
// statement reads through SQL: records it takes from the cache, and IDs
// it takes from columns, are never older than the database. Writes come
// from the store, another store on the file and a raw connection; reads
// by Get and Search fill the cache in between.
func TestSearchMatchesSQL(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	path := filepath.Join(t.TempDir(), "search.db")
	s, other := MustOpen(t, path), MustOpen(t, path)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	user := func(id, name string) connect.Record {
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: "i1",
			Name: name, Arn: "arn:" + id, Modified: time.UnixMilli(1), Doc: []byte(`{"Username":"` + name + `"}`),
			Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}}}
	}
	var hits int
	for step := range 3000 {
		id, name := fmt.Sprintf("u%02d", rng.IntN(60)), fmt.Sprintf("n%03d", rng.IntN(300))
		writer := s
		if rng.IntN(4) == 0 {
			writer = other
		}
		switch op := rng.IntN(20); {
		case op < 4:
			writer.Create(ctx, user(id, name))
		case op < 7:
			writer.Update(ctx, user(id, "").Key, func(r *connect.Record) error {
				u := user(id, name)
				r.Name, r.Doc, r.Attrs = u.Name, u.Doc, u.Attrs
				return nil
			})
		case op < 8:
			writer.Delete(ctx, user(id, "").Key)
		case op < 9:
			if _, err := raw.Exec(`UPDATE resources SET doc = ? WHERE id = ?`, fmt.Sprintf(`{"raw":%d}`, step), id); err != nil {
				t.Fatal(err)
			}
		case op < 12:
			s.Get(ctx, user(id, "").Key)
		default:
			match := []connect.Match{connect.Equal, connect.Prefix, connect.Contains}[rng.IntN(3)]
			value := name[:1+rng.IntN(len(name))]
			if match == connect.Contains {
				value = name[1+rng.IntN(len(name)-1):]
			}
			q := connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 1 + rng.IntN(8),
				Where: connect.Cond{Attr: connect.AttrUsername, Match: match, Value: value}}
			if rng.IntN(3) == 0 {
				q.After = fmt.Sprintf("u%02d", rng.IntN(60))
			}
			want, wantTotal, err := s.db.search(ctx, q, &whereClause{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range want {
				if s.Holds(r.Key) {
					hits++
				}
			}
			if len(want) > 0 && rng.IntN(4) == 0 {
				// Another connection changes a record found, between the
				// IDs and the records: the search must see it.
				changed := want[rng.IntN(len(want))]
				s.db.afterIDs = func() {
					s.db.afterIDs = nil
					if _, err := raw.Exec(`UPDATE resources SET doc = ? WHERE id = ?`, fmt.Sprintf(`{"during":%d}`, step), changed.ID); err != nil {
						t.Error(err)
					}
				}
				if want, wantTotal, err = s.db.search(ctx, q, &whereClause{}); err != nil {
					t.Fatal(err)
				}
				for i := range want {
					if want[i].ID == changed.ID {
						want[i].Doc = []byte(fmt.Sprintf(`{"during":%d}`, step))
					}
				}
			}
			got, gotTotal, err := s.Search(ctx, q)
			s.db.afterIDs = nil
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) || gotTotal != wantTotal {
				t.Fatalf("step %d: %+v: Search %d\n%v\nSQL %d\n%v", step, q, gotTotal, got, wantTotal, want)
			}
		}
	}
	if hits < 100 {
		t.Errorf("only %d records found were in the cache", hits)
	}
}

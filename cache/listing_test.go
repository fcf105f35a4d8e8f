package cache

import (
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// A listing serves a page only from the spans of IDs it read whole, and
// joins the spans that touch.
func TestListingSpans(t *testing.T) {
	recs := func(ids ...string) []connect.Record {
		var out []connect.Record
		for _, id := range ids {
			out = append(out, connect.Record{Key: connect.Key{ID: id}, Arn: "arn/" + id})
		}
		return out
	}
	l := &Listing{}
	check := func(after string, limit int, want string) {
		t.Helper()
		page, ok := l.Page(connect.ListQuery{After: after, Limit: limit})
		got := "miss"
		if ok {
			got = ""
			for _, r := range page {
				got += r.ID
			}
		}
		if got != want {
			t.Errorf("after %q, %d: %q, want %q (spans %+v)", after, limit, got, want, l.spans)
		}
	}
	l.Add("", 2, recs("a", "b")) // ("", b]
	check("", 2, "ab")
	check("", 3, "miss") // c may follow b
	check("a", 1, "b")
	check("a", 2, "miss")
	check("b", 1, "miss")
	l.Add("c", 5, recs("e")) // (c, the end)
	check("b", 1, "miss")    // c may be there
	check("c", 5, "e")
	check("e", 5, "")
	check("d", 1, "e")
	check("a", 2, "miss") // b, then c before e, maybe
	// Writes of the store's own come into the spans they fall in.
	l.Remove("b")
	check("", 2, "miss")
	l.Put("b", "", "arn/b", time.UnixMilli(0))
	l.Put("d", "", "x", time.UnixMilli(0))
	l.Put("bb", "", "arn/bb", time.UnixMilli(0)) // between the spans
	check("", 2, "ab")
	check("c", 5, "de")
	l.Add("", 1, recs("a")) // within ("", b], which stays whole
	check("a", 1, "b")
	l.Add("b", 1, recs("c")) // (b, c] joins them all
	if len(l.spans) != 1 {
		t.Errorf("spans %+v, want one", l.spans)
	}
	check("", 10, "abcde")
	check("b", 2, "cd")
}

// MakeRoom leaves fewer entries than its bound, and a map already below
// it alone.
func TestMakeRoom(t *testing.T) {
	m := map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true}
	MakeRoom(m, 4)
	if len(m) != 3 {
		t.Errorf("%d entries left, want 3", len(m))
	}
	MakeRoom(m, 4)
	if len(m) != 3 {
		t.Errorf("%d entries left of 3 below the bound", len(m))
	}
}

package sqlite

import (
	"fmt"
	"testing"

	"github.com/connectd/connectd/connect"
)

// The cache holds at most its limit in bytes, whatever is added, and
// re-adding a record replaces it rather than counting it twice.
func TestCacheKeepsToItsLimit(t *testing.T) {
	v := versionAt(1)
	c := newCache(func() (version, bool) { return v, true }, 64<<10)
	c.lookup(v, connect.Key{}) // files the cache under v
	doc := make([]byte, 1000)
	for i := range 1000 {
		key := connect.Key{Kind: connect.KindUser, ID: fmt.Sprint(i % 300)}
		c.add(v, key, connect.Record{Key: key, Doc: doc})
		if c.size > c.limit {
			t.Fatalf("after %d adds the cache holds %d bytes, over its %d", i+1, c.size, c.limit)
		}
		if _, ok := c.lookup(v, key); !ok {
			t.Fatalf("add %d: the record just added is not there", i+1)
		}
	}
	total := 0
	for _, r := range c.recs {
		total += recordSize(r)
	}
	if total != c.size {
		t.Errorf("the cache counts %d bytes but holds %d", c.size, total)
	}
}

package cache_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// Records holds at most its limit in bytes, whatever is put, and putting a
// record again replaces it rather than counting it twice.
func TestRecordsKeepToTheirLimit(t *testing.T) {
	const limit = 64 << 10
	rs := cache.NewRecords(limit)
	doc := make([]byte, 1000)
	key := func(i int) connect.Key { return connect.Key{Kind: connect.KindUser, ID: fmt.Sprintf("%04d", i)} }
	rs.Put(key(0), connect.Record{Key: key(0), Doc: doc})
	one := rs.Size()
	rs.Put(key(0), connect.Record{Key: key(0), Doc: doc})
	if rs.Size() != one {
		t.Fatalf("one record put twice counts %d bytes, once %d", rs.Size(), one)
	}
	for i := range 1000 {
		k := key(i % 300)
		rs.Put(k, connect.Record{Key: k, Doc: doc})
		if rs.Size() > limit {
			t.Fatalf("after %d puts Records holds %d bytes, over its %d", i+1, rs.Size(), limit)
		}
		if _, ok := rs.Get(k); !ok {
			t.Fatalf("put %d: the record just put is not there", i+1)
		}
	}
	held := 0
	for i := range 300 {
		if _, ok := rs.Get(key(i)); ok {
			held++
		}
	}
	if held*one != rs.Size() {
		t.Errorf("Records counts %d bytes but holds %d records of %d", rs.Size(), held, one)
	}
	rs.Put(key(5000), connect.Record{Doc: make([]byte, limit/16)})
	if _, ok := rs.Get(key(5000)); ok {
		t.Error("held a record over a sixteenth of the limit")
	}
	rs.Clear()
	if _, ok := rs.Get(key(299)); ok || rs.Size() != 0 {
		t.Errorf("after Clear: %d bytes", rs.Size())
	}
}

// A record's size counts what it keeps beside its document: a password
// hash or private part over a sixteenth of the limit is not held either.
func TestRecordsCountHashAndPrivatePart(t *testing.T) {
	const limit = 64 << 10
	rs := cache.NewRecords(limit)
	big := strings.Repeat("x", limit/16)
	for _, r := range []connect.Record{
		{Key: connect.Key{Kind: connect.KindUser, ID: "hash"}, PasswordHash: big},
		{Key: connect.Key{Kind: connect.KindRoutingProfile, ID: "private"}, Private: []byte(big)},
	} {
		rs.Put(r.Key, r)
		if _, ok := rs.Get(r.Key); ok {
			t.Errorf("%s: held a record over a sixteenth of the limit", r.ID)
		}
	}
}

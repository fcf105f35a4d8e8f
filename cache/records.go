package cache

import "github.com/connectd/connectd/connect"

// Records holds records by key, up to a number of bytes: the stores'
// caches keep what they read in one. It is not safe for concurrent use.
type Records struct {
	limit int
	size  int
	m     map[recordKey]connect.Record
}

// recordKey is a record's key as the databases have it (a scope's
// partition follows from its region).
type recordKey struct {
	account, region string
	kind            connect.Kind
	id              string
}

func keyOf(k connect.Key) recordKey { return recordKey{k.Account, k.Region, k.Kind, k.ID} }

// NewRecords makes an empty Records that holds limit bytes at most.
func NewRecords(limit int) *Records {
	return &Records{limit: limit, m: map[recordKey]connect.Record{}}
}

// Get returns the record with the key, if held.
func (rs *Records) Get(key connect.Key) (connect.Record, bool) {
	r, ok := rs.m[keyOf(key)]
	return r, ok
}

// Put holds r under key, making room by forgetting others. A record over
// a sixteenth of the limit is not held.
func (rs *Records) Put(key connect.Key, r connect.Record) {
	n := recordSize(r)
	if n > rs.limit/16 {
		return
	}
	rs.drop(keyOf(key))
	for k, old := range rs.m { // map order is random enough to evict by
		if rs.size+n <= rs.limit {
			break
		}
		delete(rs.m, k)
		rs.size -= recordSize(old)
	}
	rs.m[keyOf(key)] = r
	rs.size += n
}

// Drop forgets the record with the key, if held.
func (rs *Records) Drop(key connect.Key) { rs.drop(keyOf(key)) }

func (rs *Records) drop(k recordKey) {
	if old, ok := rs.m[k]; ok {
		delete(rs.m, k)
		rs.size -= recordSize(old)
	}
}

// Clear forgets every record.
func (rs *Records) Clear() {
	clear(rs.m)
	rs.size = 0
}

// Size is the bytes held, as counted against the limit.
func (rs *Records) Size() int { return rs.size }

// recordSize approximates the memory a held record takes.
func recordSize(r connect.Record) int {
	return 256 + len(r.Account) + len(r.Region) + len(r.ID) + len(r.InstanceID) + len(r.Name) + len(r.Arn) +
		len(r.Doc) + len(r.PasswordHash) + len(r.Private)
}

package sqlite

import (
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// writtenRecord is a record a transaction wrote: what a listing and the
// columns need of it, or that it was deleted.
type writtenRecord struct {
	key       connect.Key
	deleted   bool
	instance  string
	name, arn string
	modified  time.Time
	attrs     []connect.Attr
}

// applyListing updates the listing with the key with what a commit of the
// store's own wrote, and reports whether it is small enough to keep.
func applyListing(k storesql.ListingKey, l *storesql.Listing, written []writtenRecord) bool {
	n := 0
	for j, w := range written {
		if w.key.Scope != k.Scope || w.key.Kind != k.Kind {
			continue
		}
		if j+1 < len(written) && written[j+1].key == w.key {
			continue // written again at once: an update deletes the old attributes first
		}
		if w.deleted || w.instance != k.Instance {
			l.Remove(w.key.ID)
		} else {
			n = l.Put(w.key.ID, w.name, w.arn, w.modified)
		}
	}
	return n <= storesql.MaxListed
}

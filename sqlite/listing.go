package sqlite

import (
	"github.com/connectd/connectd/storesql"
)

// applyListing updates the listing with the key with what a commit of the
// store's own wrote, and reports whether it is small enough to keep.
func applyListing(k storesql.ListingKey, l *storesql.Listing, written []storesql.Written) bool {
	n := 0
	for j, w := range written {
		if w.Key.Scope != k.Scope || w.Key.Kind != k.Kind {
			continue
		}
		if j+1 < len(written) && written[j+1].Key == w.Key {
			continue // written again at once: an update deletes the old attributes first
		}
		if w.Deleted || w.Instance != k.Instance {
			l.Remove(w.Key.ID)
		} else {
			n = l.Put(w.Key.ID, w.Name, w.Arn, w.Modified)
		}
	}
	return n <= storesql.MaxListed
}

package connect

import (
	"context"
	"errors"
	"time"
)

// Kind names a type of resource.
type Kind string

// The kinds of resource connectd keeps.
const (
	KindInstance         Kind = "instance"
	KindUser             Kind = "user"
	KindSecurityProfile  Kind = "security-profile"
	KindRoutingProfile   Kind = "routing-profile"
	KindQueue            Kind = "queue"
	KindHoursOfOperation Kind = "hours-of-operation"
	KindHierarchyGroup   Kind = "hierarchy-group"
	// KindClientToken records the answer to a request with an idempotency
	// token, under the instance it created.
	KindClientToken Kind = "client-token"
)

// Key identifies one resource. IDs are unique within a scope and kind.
type Key struct {
	Scope
	Kind Kind
	ID   string
}

// Record is a resource as the store keeps it.
type Record struct {
	Key
	// InstanceID is the instance the resource belongs to; empty for an
	// instance itself.
	InstanceID string
	// Name is unique among the resources of one kind in one instance (for
	// instances: in one scope), compared byte for byte. Empty means unnamed:
	// any number of unnamed resources may exist.
	Name string
	// Arn and Modified feed the list summaries without decoding Doc.
	Arn      string
	Modified time.Time
	// Doc is the resource's API shape as JSON.
	Doc []byte
	// PasswordHash is a user's password hash: the PHC string, which
	// carries the algorithm, its version and parameters, so hashes of any
	// cost keep verifying (see CheckPassword). Empty for a user without a
	// password and for every other kind. Never returned by the API.
	PasswordHash string
	// Private is what a security profile or routing profile holds that its
	// Describe shape does not show: kept beside it, never returned by the
	// API.
	Private []byte
	// Attrs are what searches and reference checks look at. They follow
	// from Kind and Doc (see Record.Index), so stores keep them beside the
	// record but never export them.
	Attrs []Attr
	// Quota, when positive, is the most named records of this kind its
	// instance (for instances: its scope) may hold, this one included;
	// Create refuses with ErrQuota beyond it. Unnamed records (agent
	// queues) are not counted. It is not stored.
	Quota int
}

// Attr is one searchable attribute of a record. A record may have several
// attributes of one name (a user's security profiles). An attribute named
// RefPrefix+kind holds the ID of a resource of that kind the record uses:
// while it does, that resource cannot be deleted.
type Attr struct {
	Name, Value string
}

// RefPrefix starts the names of attributes that refer to other resources.
const RefPrefix = "ref:"

// RefAttr is the attribute by which a record refers to a resource.
func RefAttr(kind Kind, id string) Attr { return Attr{RefPrefix + string(kind), id} }

// Match is how a search condition compares an attribute.
type Match int

// The matches.
const (
	Equal    Match = iota // the whole value
	Prefix                // the value starts with
	Contains              // the value contains
)

// Cond is a search condition. A condition with All matches when all of
// them do; with Any, when any does; with Attr, when an attribute of that
// name matches Value. The zero Cond matches every record. Comparisons are
// byte for byte.
type Cond struct {
	All, Any []Cond
	Attr     string
	Match    Match
	Value    string
}

// SearchQuery selects the records of one kind in one instance that match
// a condition, in ID order, after the ID After, at most Limit of them (a
// negative Limit: all of them).
type SearchQuery struct {
	Scope
	Kind       Kind
	InstanceID string
	Where      Cond
	After      string
	Limit      int
}

// ListQuery selects the records of one kind in one instance (InstanceID
// empty: instances themselves), in ID order, after the ID After, at most
// Limit of them.
type ListQuery struct {
	Scope
	Kind       Kind
	InstanceID string
	After      string
	Limit      int
	// Unnamed, when not nil, keeps only unnamed (true) or named (false)
	// records.
	Unnamed *bool
	// Summaries tells the store that Doc, PasswordHash and Private are not
	// needed: it may leave them empty.
	Summaries bool
}

// Store errors. Implementations return these (possibly wrapped) and no
// other error for the conditions they name.
var (
	// ErrNotFound: no record has the key.
	ErrNotFound = errors.New("connect: not found")
	// ErrDuplicate: a record of the same kind and instance has the name.
	ErrDuplicate = errors.New("connect: duplicate name")
	// ErrInUse: another record refers to the one to delete.
	ErrInUse = errors.New("connect: in use")
	// ErrQuota: a create would pass a record's Quota.
	ErrQuota = errors.New("connect: quota reached")
	// ErrMissingRef: a record refers to one that does not exist (any
	// more) in its instance.
	ErrMissingRef = errors.New("connect: refers to a missing record")
)

// Store keeps records durably. Every method is safe for concurrent use; a
// method that returns nil has made its change durable.
type Store interface {
	// Create inserts the records atomically: all of them, or none and
	// ErrDuplicate if any name is taken (including by another record of
	// the same call), ErrQuota if any record's Quota would be passed, or
	// ErrMissingRef if a record refers (RefAttr) to one that is not in its
	// instance, including one deleted meanwhile: references hold however
	// creates and deletes interleave. A record may refer to one created
	// before it in the same call.
	// Quotas hold however many processes create at once. Keys are never
	// reused.
	Create(ctx context.Context, recs ...Record) error
	// Search returns one page of the records a query selects, and how many
	// it selects in all (ignoring After and Limit). The records may be
	// shared with other callers: they must not be modified.
	Search(ctx context.Context, q SearchQuery) (page []Record, total int, err error)
	// Get returns the record with the key, or ErrNotFound. The record may
	// be shared with other callers: it must not be modified.
	Get(ctx context.Context, key Key) (Record, error)
	// List returns the records the query selects; a missing instance
	// selects nothing.
	List(ctx context.Context, q ListQuery) ([]Record, error)
	// Delete removes the records atomically; ErrNotFound, and nothing
	// removed, if the first key is missing, and ErrInUse if a record not
	// being deleted refers to one that is (an attribute
	// RefAttr(kind, id) in the same instance). The other keys are removed
	// when present.
	Delete(ctx context.Context, keys ...Key) error
	// Update reads the record with the key, lets change alter its Name,
	// Arn, Modified, Doc, PasswordHash, Private and Attrs, and writes it
	// back, atomically: no other write to the record comes between the
	// read and the write, so concurrent updates never lose one another's
	// changes. It returns ErrNotFound if the key is missing, ErrDuplicate
	// (and changes nothing) if the new name is taken, ErrMissingRef as
	// Create does, and change's own error (changing nothing) if it fails.
	// change may run more than once if the store retries; it must depend
	// only on the record it is given.
	Update(ctx context.Context, key Key, change func(*Record) error) error
	// DeleteInstance removes an instance and every record of it
	// atomically, or returns ErrNotFound.
	DeleteInstance(ctx context.Context, key Key) error
	// Export calls each with every record of every scope and kind, in the
	// byte order of (account, region, kind, ID), and stops at and returns
	// the first error each returns. The records are one consistent
	// snapshot, streamed rather than loaded at once; each must not call
	// the store.
	Export(ctx context.Context, each func(Record) error) error
	// Close releases the store.
	Close() error
}

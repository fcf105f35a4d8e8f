package connect

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
)

// record builds an indexed Record holding doc as JSON. Docs are this
// package's own types, which always marshal.
func record(scope Scope, kind Kind, id, instanceID, name, arn string, modified time.Time, doc any) Record {
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	r := Record{Key: Key{Scope: scope, Kind: kind, ID: id}, InstanceID: instanceID, Name: name, Arn: arn, Modified: modified, Doc: b}
	if err := r.Index(); err != nil {
		panic(err)
	}
	return r
}

// touchable is a stored shape with LastModifiedTime and LastModifiedRegion.
type touchable interface {
	touch(at Time, region string)
}

// updateResource applies change to the stored shape of a resource of an
// instance, atomically, and moves its LastModified fields. change must not
// call the store.
func updateResource[T any, PT interface {
	*T
	touchable
}](ctx context.Context, s *Service, scope Scope, instanceRef string, kind Kind, ref string, change func(doc PT, r *Record) error) error {
	rec, err := s.child(ctx, scope, instanceRef, kind, ref)
	if err != nil {
		return err
	}
	name := rec.Name // the name the update gives, for a clash's message
	err = s.store.Update(ctx, rec.Key, func(r *Record) error {
		doc := PT(new(T))
		if err := json.Unmarshal(r.Doc, doc); err != nil {
			return err
		}
		if err := change(doc, r); err != nil {
			return err
		}
		name = r.Name
		now := s.now()
		doc.touch(Time{now}, scope.Region)
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		r.Doc, r.Modified = b, now
		return r.Index()
	})
	if errors.Is(err, ErrNotFound) {
		return notFound(kind, ref)
	}
	if errors.Is(err, ErrDuplicate) {
		return duplicateName(kind, name)
	}
	return err
}

// checkName refuses names no client of AWS could mean: with control
// characters, or empty.
func checkName(what, name string) error {
	if name == "" {
		return Errorf(InvalidParameter, "%s is required.", what)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return Errorf(InvalidParameter, "%s may not contain control characters.", what)
		}
	}
	return nil
}

// beforeCreate does what every create of a named resource does first: find
// the instance, check the name and the number of tags.
func (s *Service) beforeCreate(ctx context.Context, scope Scope, instanceRef, name string, tags map[string]string) (*Instance, error) {
	_, inst, err := s.instance(ctx, scope, instanceRef)
	if err != nil {
		return nil, err
	}
	if err := checkName("Name", name); err != nil {
		return nil, err
	}
	return inst, s.checkCounts(0, len(tags))
}

func duplicateName(kind Kind, name string) *Error {
	return Errorf(DuplicateResource, "%s named %q already exists in the instance.", resourceNames[kind], name)
}

// Service carries out the operations: the rules AWS applies beyond its
// model, over a Store. Inputs arrive checked against the model.
type Service struct {
	store  Store
	argon2 Argon2Params
	quotas Quotas
	now    func() time.Time
	// hashing holds a slot per password hash being computed: argon2id is
	// bound by CPU and memory, so more hashes at once than there are cores
	// only evict each other from the caches, each holding its memory.
	hashing chan struct{}
}

// Quotas are the service quotas; 0 is unlimited.
type Quotas struct {
	Instances               int // per account and region
	Users                   int // per instance
	SecurityProfiles        int // per instance
	RoutingProfiles         int // per instance
	Queues                  int // standard queues per instance
	HoursOfOperation        int // per instance
	HierarchyGroups         int // per instance
	SecurityProfilesPerUser int
	TagsPerResource         int
}

// DefaultQuotas are AWS's documented defaults.
var DefaultQuotas = Quotas{Instances: 2, Users: 500, SecurityProfiles: 100, RoutingProfiles: 100, Queues: 50,
	HoursOfOperation: 100, HierarchyGroups: 500, SecurityProfilesPerUser: 10, TagsPerResource: 50}

// Options configure a Service.
type Options struct {
	Argon2 Argon2Params
	Quotas Quotas
}

// NewService returns a Service over store.
func NewService(store Store, opts Options) *Service {
	return &Service{store: store, argon2: opts.Argon2, quotas: opts.Quotas, now: func() time.Time { return time.Now().UTC() },
		hashing: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// hashPassword hashes a password once a core is free for it.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.hashing }()
	return s.argon2.Hash(password)
}

// quotaNames are the words messages use for each kind's quota.
var quotaNames = map[Kind]string{
	KindInstance:         "instances per account",
	KindUser:             "users per instance",
	KindSecurityProfile:  "security profiles per instance",
	KindRoutingProfile:   "routing profiles per instance",
	KindQueue:            "queues per instance",
	KindHoursOfOperation: "hours of operation per instance",
	KindHierarchyGroup:   "hierarchy groups per instance",
}

// quota is the quota of a kind.
func (q Quotas) of(kind Kind) int {
	switch kind {
	case KindInstance:
		return q.Instances
	case KindUser:
		return q.Users
	case KindSecurityProfile:
		return q.SecurityProfiles
	case KindRoutingProfile:
		return q.RoutingProfiles
	case KindQueue:
		return q.Queues
	case KindHoursOfOperation:
		return q.HoursOfOperation
	case KindHierarchyGroup:
		return q.HierarchyGroups
	}
	return 0
}

// create stores records, the first under its kind's quota, and words the
// store's refusals as AWS does. duplicate is the message for a taken name.
func (s *Service) create(ctx context.Context, duplicate *Error, recs ...Record) error {
	recs[0].Quota = s.quotas.of(recs[0].Kind)
	err := s.store.Create(ctx, recs...)
	switch {
	case errors.Is(err, ErrDuplicate):
		return duplicate
	case errors.Is(err, ErrQuota) && recs[0].Kind == KindInstance:
		return Errorf(ServiceQuotaExceeded, "The quota of %d %s is reached.", recs[0].Quota, quotaNames[KindInstance])
	case errors.Is(err, ErrQuota):
		return Errorf(LimitExceeded, "The quota of %d %s is reached.", recs[0].Quota, quotaNames[recs[0].Kind])
	case errors.Is(err, ErrMissingRef):
		return errMissingRef
	}
	return err
}

// errMissingRef answers a write whose reference was deleted while it ran.
var errMissingRef = Errorf(ResourceNotFound, "A resource the request refers to was deleted while it ran.")

// remove deletes records, the first being the one asked for, and words the
// store's refusals as AWS does.
func (s *Service) remove(ctx context.Context, ref string, keys ...Key) error {
	err := s.store.Delete(ctx, keys...)
	switch {
	case errors.Is(err, ErrNotFound):
		return notFound(keys[0].Kind, ref)
	case errors.Is(err, ErrInUse):
		return Errorf(ResourceInUse, "%s %s is in use: something still refers to it.", resourceNames[keys[0].Kind], ref)
	}
	return err
}

// newID is a new resource ID: a UUID like AWS's, but version 7, whose
// leading timestamp makes IDs created later sort later. Records are kept in
// ID order, so a store's inserts land at the end of its indexes instead of
// on a random page each.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// resourceNames are the words messages use for each kind.
var resourceNames = map[Kind]string{
	KindInstance:         "Instance",
	KindUser:             "User",
	KindSecurityProfile:  "Security profile",
	KindRoutingProfile:   "Routing profile",
	KindQueue:            "Queue",
	KindHoursOfOperation: "Hours of operation",
	KindHierarchyGroup:   "Hierarchy group",
}

func notFound(kind Kind, ref string) *Error {
	return Errorf(ResourceNotFound, "%s not found: %s", resourceNames[kind], ref)
}

// arnTypes are the ARN path segments of each kind below an instance.
var arnTypes = map[Kind]string{
	KindUser:             "agent",
	KindSecurityProfile:  "security-profile",
	KindRoutingProfile:   "routing-profile",
	KindQueue:            "queue",
	KindHoursOfOperation: "operating-hours",
	KindHierarchyGroup:   "agent-group",
}

// ChildARN is the ARN of a resource of an instance.
func ChildARN(s Scope, instanceID string, kind Kind, id string) string {
	return s.InstanceARN(instanceID) + "/" + arnTypes[kind] + "/" + id
}

// instanceIDOf returns the instance ID that ref names: the ID itself, or
// the instance's ARN in this scope. ok is false for an ARN of anything else.
func instanceIDOf(s Scope, ref string) (id string, ok bool) {
	if !strings.HasPrefix(ref, "arn:") {
		return ref, true
	}
	id, found := strings.CutPrefix(ref, s.InstanceARN(""))
	return id, found && id != "" && !strings.Contains(id, "/")
}

// childIDOf returns the ID that ref names: the ID itself, or the ARN of a
// resource of that kind in that instance of this scope.
func childIDOf(s Scope, instanceID string, kind Kind, ref string) (id string, ok bool) {
	if !strings.HasPrefix(ref, "arn:") {
		return ref, true
	}
	prefix := s.InstanceARN(instanceID) + "/" + arnTypes[kind] + "/"
	id, found := strings.CutPrefix(ref, prefix)
	if kind == KindQueue {
		id = strings.TrimPrefix(id, "agent/")
	}
	return id, found && id != "" && !strings.Contains(id, "/")
}

// instanceRecord loads the record of the instance that ref names.
func (s *Service) instanceRecord(ctx context.Context, scope Scope, ref string) (Record, error) {
	id, ok := instanceIDOf(scope, ref)
	if !ok {
		return Record{}, notFound(KindInstance, ref)
	}
	rec, err := s.store.Get(ctx, Key{Scope: scope, Kind: KindInstance, ID: id})
	if errors.Is(err, ErrNotFound) {
		return rec, notFound(KindInstance, ref)
	}
	return rec, err
}

// instance loads the instance that ref names, decoded.
func (s *Service) instance(ctx context.Context, scope Scope, ref string) (Record, *Instance, error) {
	rec, err := s.instanceRecord(ctx, scope, ref)
	if err != nil {
		return rec, nil, err
	}
	var inst Instance
	if err := json.Unmarshal(rec.Doc, &inst); err != nil {
		return rec, nil, err
	}
	return rec, &inst, nil
}

// child loads the resource of an instance that ref names. It is one indexed
// read: the instance is not read unless the resource is missing, and then
// only to say which of the two is.
func (s *Service) child(ctx context.Context, scope Scope, instanceRef string, kind Kind, ref string) (Record, error) {
	instanceID, ok := instanceIDOf(scope, instanceRef)
	if !ok {
		return Record{}, notFound(KindInstance, instanceRef)
	}
	id, ok := childIDOf(scope, instanceID, kind, ref)
	var rec Record
	err := ErrNotFound
	if ok {
		rec, err = s.store.Get(ctx, Key{Scope: scope, Kind: kind, ID: id})
	}
	if err == nil && rec.InstanceID != instanceID {
		err = ErrNotFound
	}
	if errors.Is(err, ErrNotFound) {
		if _, _, ierr := s.instance(ctx, scope, instanceRef); ierr != nil {
			return rec, ierr
		}
		return rec, notFound(kind, ref)
	}
	return rec, err
}

// describe returns the stored shape of a resource of an instance.
func (s *Service) describe(ctx context.Context, scope Scope, instanceRef string, kind Kind, ref string) (json.RawMessage, error) {
	rec, err := s.child(ctx, scope, instanceRef, kind, ref)
	return rec.Doc, err
}

// DefaultMaxResults is the page size when a request gives none, unless the
// operation's maximum is lower.
const DefaultMaxResults = 100

// A paging token names a place in a list, and the list: the position (the
// last ID answered) follows a digest of the request that made the token and
// of the position itself. Only the request that made a token, asked again,
// computes the same digest, so a token used with another operation,
// account, region, instance or search, altered, or not made by connectd at
// all, is refused rather than read as a place in the wrong list, where it
// would silently skip records. The digest is no secret and needs none:
// tokens hold nothing a client may not see, and any connectd process on
// the same store accepts the tokens of any other.
type pageTokens [sha256.Size]byte

// tokenVersion begins every token. Tokens of older connectd, which began
// "connectd-page:", are refused.
const tokenVersion = "p2:"

const (
	tokenDigestSize = 16
	maxTokenAfter   = 200 // longer than any position connectd writes
)

// pageTokensFor makes and reads the tokens of a list, which it knows by
// what selects the list's records: the operation, the scope, and selectors
// (an instance ID, a search's criteria and filter). Selectors are digested
// as the JSON of their decoded form, so requests that differ only in the
// order or spacing of their members, or in members connectd ignores,
// select alike. A page's size is no selector: it may change between pages.
func pageTokensFor(op string, scope Scope, selectors ...any) pageTokens {
	b, err := json.Marshal(append([]any{op, scope.Partition, scope.Account, scope.Region}, selectors...))
	if err != nil {
		panic(err) // selectors are strings and this package's input types
	}
	return sha256.Sum256(b)
}

func (l pageTokens) digest(after string) []byte {
	h := sha256.New()
	h.Write(l[:])
	h.Write([]byte(after))
	return h.Sum(nil)[:tokenDigestSize]
}

// next is the token of the place after after in the list.
func (l pageTokens) next(after string) string {
	b := append([]byte(tokenVersion), l.digest(after)...)
	return base64.RawURLEncoding.EncodeToString(append(b, after...))
}

// after reads a token of this list: the place it names, or "" for none.
func (l pageTokens) after(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	rest, ok := bytes.CutPrefix(b, []byte(tokenVersion))
	if err != nil || !ok || len(rest) <= tokenDigestSize || len(rest) > tokenDigestSize+maxTokenAfter {
		return "", errBadToken
	}
	after := string(rest[tokenDigestSize:])
	if !hmac.Equal(rest[:tokenDigestSize], l.digest(after)) {
		return "", errBadToken
	}
	return after, nil
}

var errBadToken = Errorf(InvalidParameter, "The nextToken is not valid for this request: a token goes only with the operation, instance and search that returned it.")

// page runs a list query for one page; next is the token of the next page,
// empty on the last.
func (s *Service) page(ctx context.Context, q ListQuery, p Page) (recs []Record, next string, err error) {
	tokens := pageTokensFor("List", q.Scope, q.Kind, q.InstanceID, q.Unnamed)
	if q.After, err = tokens.after(p.NextToken); err != nil {
		return nil, "", err
	}
	q.Limit = p.MaxResults + 1
	recs, err = s.store.List(ctx, q)
	if err != nil {
		return nil, "", err
	}
	if len(recs) > p.MaxResults {
		recs = recs[:p.MaxResults]
		next = tokens.next(recs[len(recs)-1].ID)
	}
	return recs, next, nil
}

// list returns one page of the summaries of the resources of a kind in an
// instance. For queues, queueTypes (STANDARD, AGENT) filters; none means all.
func (s *Service) list(ctx context.Context, scope Scope, instanceRef string, kind Kind, p Page, queueTypes []string) ([]Summary, string, error) {
	_, inst, err := s.instance(ctx, scope, instanceRef)
	if err != nil {
		return nil, "", err
	}
	q := ListQuery{Scope: scope, Kind: kind, InstanceID: inst.Id, Summaries: true}
	if kind == KindQueue && len(queueTypes) > 0 {
		agent, standard := false, false
		for _, t := range queueTypes {
			agent = agent || t == AgentQueue
			standard = standard || t == StandardQueue
		}
		if agent != standard { // one type asked for: agent queues are the unnamed ones
			q.Unnamed = &agent
		}
	}
	recs, next, err := s.page(ctx, q, p)
	if err != nil {
		return nil, "", err
	}
	out := make([]Summary, len(recs))
	for i, r := range recs {
		sum := Summary{Id: r.ID, Arn: r.Arn, LastModifiedTime: Time{r.Modified}, LastModifiedRegion: r.Region}
		switch kind {
		case KindUser:
			sum.Username = r.Name
		case KindQueue:
			sum.Name, sum.QueueType = r.Name, StandardQueue
			if r.Name == "" {
				sum.QueueType = AgentQueue
			}
		default:
			sum.Name = r.Name
		}
		out[i] = sum
	}
	return out, next, nil
}

// checkCounts applies the quotas of security profiles per user and tags
// per resource.
func (s *Service) checkCounts(profiles, tags int) error {
	if q := s.quotas.SecurityProfilesPerUser; q > 0 && profiles > q {
		return Errorf(LimitExceeded, "A user can have at most %d security profiles; this would make %d.", q, profiles)
	}
	if q := s.quotas.TagsPerResource; q > 0 && tags > q {
		return Errorf(LimitExceeded, "A resource can have at most %d tags; this would make %d.", q, tags)
	}
	return nil
}

// Package storetest is the conformance suite every connect.Store must pass:
// run it from each implementation's tests with Run.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// Run exercises every method and rule of the connect.Store contract on
// stores made by newStore, a fresh empty store per call.
func Run(t *testing.T, newStore func(t *testing.T) connect.Store) {
	tests := []struct {
		name string
		run  func(*testing.T, connect.Store)
	}{
		{"CreateGet", testCreateGet},
		{"DuplicateNames", testDuplicateNames},
		{"AtomicCreate", testAtomicCreate},
		{"AtomicConcurrentCreates", testAtomicConcurrentCreates},
		{"List", testList},
		{"Delete", testDelete},
		{"DeleteInstance", testDeleteInstance},
		{"ScopesApart", testScopesApart},
		{"ConcurrentCreates", testConcurrentCreates},
		{"Export", testExport},
		{"Update", testUpdate},
		{"Search", testSearch},
		{"References", testReferences},
		{"ReferencesRace", testReferencesRace},
		{"Quota", testQuota},
		{"ConcurrentUpdates", testConcurrentUpdates},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

var (
	ctx   = context.Background()
	scope = connect.ScopeFor("123456789012", "us-east-1")
	when  = time.UnixMilli(1700000000123).UTC()
)

func rec(s connect.Scope, kind connect.Kind, id, instance, name string) connect.Record {
	return connect.Record{
		Key:        connect.Key{Scope: s, Kind: kind, ID: id},
		InstanceID: instance,
		Name:       name,
		Arn:        "arn:" + id,
		Modified:   when,
		Doc:        []byte(`{"Id":"` + id + `"}`),
	}
}

func mustCreate(t *testing.T, s connect.Store, recs ...connect.Record) {
	t.Helper()
	if err := s.Create(ctx, recs...); err != nil {
		t.Fatalf("Create: %v", err)
	}
}

func testCreateGet(t *testing.T, s connect.Store) {
	r := rec(scope, connect.KindUser, "u1", "i1", "alice")
	r.Private = []byte("hash")
	r.PasswordHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"
	mustCreate(t, s, r)
	got, err := s.Get(ctx, r.Key)
	if err != nil {
		t.Fatal(err)
	}
	if got.Key != r.Key || got.InstanceID != "i1" || got.Name != "alice" || got.Arn != r.Arn ||
		!got.Modified.Equal(when) || string(got.Doc) != string(r.Doc) || string(got.Private) != "hash" ||
		got.PasswordHash != r.PasswordHash {
		t.Errorf("Get returned %+v, stored %+v", got, r)
	}
	_, err = s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "nobody"})
	if !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("Get of a missing key: %v, want ErrNotFound", err)
	}
	_, err = s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindQueue, ID: "u1"})
	if !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("Get of another kind's ID: %v, want ErrNotFound", err)
	}
	// Whatever bytes a client sends as an ID name nothing, and fail nothing.
	for _, id := range []string{"\xc0\xaf..", "a\x00b", ""} {
		key := connect.Key{Scope: scope, Kind: connect.KindUser, ID: id}
		if _, err := s.Get(ctx, key); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("Get(%q): %v, want ErrNotFound", id, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("Delete(%q): %v, want ErrNotFound", id, err)
		}
		if err := s.DeleteInstance(ctx, connect.Key{Scope: scope, Kind: connect.KindInstance, ID: id}); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("DeleteInstance(%q): %v, want ErrNotFound", id, err)
		}
		if got, err := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: id, After: id, Limit: 5}); err != nil || len(got) != 0 {
			t.Errorf("List(%q): %v %v", id, got, err)
		}
	}
}

func testDuplicateNames(t *testing.T, s connect.Store) {
	mustCreate(t, s, rec(scope, connect.KindUser, "u1", "i1", "alice"))
	if err := s.Create(ctx, rec(scope, connect.KindUser, "u2", "i1", "alice")); !errors.Is(err, connect.ErrDuplicate) {
		t.Errorf("same name, same instance: %v, want ErrDuplicate", err)
	}
	// Names compare byte for byte, per kind and instance.
	mustCreate(t, s, rec(scope, connect.KindUser, "u3", "i1", "Alice"))
	mustCreate(t, s, rec(scope, connect.KindUser, "u4", "i2", "alice"))
	mustCreate(t, s, rec(scope, connect.KindSecurityProfile, "p1", "i1", "alice"))
	// Unnamed records never clash.
	mustCreate(t, s, rec(scope, connect.KindQueue, "q1", "i1", ""), rec(scope, connect.KindQueue, "q2", "i1", ""))
}

// Creates that fail after writing part of their records, racing creates
// that succeed: a store that writes concurrent calls together must still
// undo exactly the failed ones.
func testAtomicConcurrentCreates(t *testing.T, s connect.Store) {
	mustCreate(t, s, withAttrs(rec(scope, connect.KindUser, "taken", "i1", "taken"), "username", "taken"))
	contains := func(value string) []string {
		t.Helper()
		page, total, err := s.Search(ctx, connect.SearchQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1",
			Where: connect.Cond{Attr: "username", Match: connect.Contains, Value: value}, Limit: 100})
		if err != nil || total != len(page) {
			t.Fatalf("Search: %d of %d, %v", len(page), total, err)
		}
		var ids []string
		for _, r := range page {
			ids = append(ids, r.ID)
		}
		return ids
	}
	// A search before the creates, so that a store that keeps what it
	// searched must follow each create, and leave out the undone ones.
	if got := contains("aken"); fmt.Sprint(got) != "[taken]" {
		t.Fatalf("CONTAINS before the creates: %v", got)
	}
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("u%02d", i)
			user, queue := withAttrs(rec(scope, connect.KindUser, id, "i1", "user"+id), "username", "user"+id), rec(scope, connect.KindQueue, id, "i1", "")
			switch i % 3 {
			case 1: // fails on its last record
				errs[i] = s.Create(ctx, user, queue, rec(scope, connect.KindUser, "x"+id, "i1", "taken"))
			case 2: // fails on a reference, after its records are written
				queue.Attrs = []connect.Attr{connect.RefAttr(connect.KindHoursOfOperation, "missing")}
				errs[i] = s.Create(ctx, user, queue)
			default:
				errs[i] = s.Create(ctx, user, queue)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		id := fmt.Sprintf("u%02d", i)
		want := []error{nil, connect.ErrDuplicate, connect.ErrMissingRef}[i%3]
		if !errors.Is(err, want) && !(want == nil && err == nil) {
			t.Errorf("create %d: %v, want %v", i, err, want)
		}
		for _, kind := range []connect.Kind{connect.KindUser, connect.KindQueue} {
			_, err := s.Get(ctx, connect.Key{Scope: scope, Kind: kind, ID: id})
			if stored := err == nil; stored != (want == nil) {
				t.Errorf("create %d (%v): %s stored: %v", i, want, kind, stored)
			}
		}
	}
	var want []string
	for i := 0; i < len(errs); i += 3 {
		want = append(want, fmt.Sprintf("u%02d", i))
	}
	if got := contains("ser"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CONTAINS after the creates: %v, want %v", got, want)
	}
}

func testAtomicCreate(t *testing.T, s connect.Store) {
	mustCreate(t, s, rec(scope, connect.KindUser, "u1", "i1", "taken"))
	err := s.Create(ctx, rec(scope, connect.KindUser, "u2", "i1", "fresh"), rec(scope, connect.KindQueue, "u2", "i1", ""),
		rec(scope, connect.KindUser, "u3", "i1", "taken"))
	if !errors.Is(err, connect.ErrDuplicate) {
		t.Fatalf("Create: %v, want ErrDuplicate", err)
	}
	for _, k := range []connect.Key{{Scope: scope, Kind: connect.KindUser, ID: "u2"}, {Scope: scope, Kind: connect.KindQueue, ID: "u2"}} {
		if _, err := s.Get(ctx, k); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("%v was stored by a refused Create: %v", k, err)
		}
	}
	// Two records of one call may clash with each other.
	err = s.Create(ctx, rec(scope, connect.KindUser, "u4", "i1", "twin"), rec(scope, connect.KindUser, "u5", "i1", "twin"))
	if !errors.Is(err, connect.ErrDuplicate) {
		t.Errorf("twins in one Create: %v, want ErrDuplicate", err)
	}
}

func testList(t *testing.T, s connect.Store) {
	for i := 0; i < 10; i++ {
		mustCreate(t, s, rec(scope, connect.KindUser, fmt.Sprintf("u%02d", i), "i1", fmt.Sprintf("user%d", i)))
	}
	mustCreate(t, s, rec(scope, connect.KindUser, "x", "i2", "elsewhere"), rec(scope, connect.KindQueue, "q", "i1", ""))
	var ids []string
	after := ""
	for {
		page, err := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", After: after, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			ids = append(ids, r.ID)
		}
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1].ID
	}
	if fmt.Sprint(ids) != "[u00 u01 u02 u03 u04 u05 u06 u07 u08 u09]" {
		t.Errorf("paged IDs %v", ids)
	}
	unnamed, named := true, false
	got, _ := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindQueue, InstanceID: "i1", Limit: 10, Unnamed: &unnamed})
	if len(got) != 1 {
		t.Errorf("unnamed queues %v", got)
	}
	got, _ = s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindQueue, InstanceID: "i1", Limit: 10, Unnamed: &named})
	if len(got) != 0 {
		t.Errorf("named queues %v", got)
	}
	got, err := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "missing", Limit: 10})
	if err != nil || len(got) != 0 {
		t.Errorf("List of a missing instance: %v %v", got, err)
	}

	// Summaries may leave out the document and the private part, nothing else.
	full, err := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", After: "u03", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", After: "u03", Limit: 5, Summaries: true})
	if err != nil || len(sums) != len(full) || len(full) != 5 {
		t.Fatalf("summaries %d, records %d, %v; want 5 of each", len(sums), len(full), err)
	}
	for i, r := range full {
		r.Doc, r.PasswordHash, r.Private, r.Attrs = nil, "", nil, nil
		sum := sums[i]
		sum.Doc, sum.PasswordHash, sum.Private = nil, "", nil
		if !reflect.DeepEqual(sum, r) || !sum.Modified.Equal(r.Modified) {
			t.Errorf("summary %+v; the record says %+v", sum, r)
		}
	}
	mustCreate(t, s, rec(scope, connect.KindQueue, "q0", "i1", "standard"), rec(scope, connect.KindQueue, "q1", "i1", ""))
	sums, err = s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindQueue, InstanceID: "i1", Limit: 10, Summaries: true})
	var queues []string
	for _, r := range sums {
		queues = append(queues, r.ID+"="+r.Name)
	}
	if err != nil || fmt.Sprint(queues) != "[q= q0=standard q1=]" {
		t.Errorf("summaries of unnamed and named queues: %v, %v", queues, err)
	}
	sums, err = s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "missing", Limit: 10, Summaries: true})
	if err != nil || len(sums) != 0 {
		t.Errorf("summaries of a missing instance: %+v, %v", sums, err)
	}
	odd := rec(scope, connect.KindUser, "u-odd", "i3", "Zoë 名前\u2028\t\"'")
	mustCreate(t, s, odd)
	sums, err = s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i3", Limit: 10, Summaries: true})
	if err != nil || len(sums) != 1 || sums[0].Name != odd.Name || sums[0].Arn != odd.Arn {
		t.Errorf("summaries of %q: %+v, %v", odd.Name, sums, err)
	}
}

func testDelete(t *testing.T, s connect.Store) {
	user, queue := rec(scope, connect.KindUser, "u1", "i1", "alice"), rec(scope, connect.KindQueue, "u1", "i1", "")
	mustCreate(t, s, user, queue)
	if err := s.Delete(ctx, user.Key, queue.Key); err != nil {
		t.Fatal(err)
	}
	for _, k := range []connect.Key{user.Key, queue.Key} {
		if _, err := s.Get(ctx, k); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("%v survived Delete: %v", k, err)
		}
	}
	if err := s.Delete(ctx, user.Key); !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
	// The name is free again.
	mustCreate(t, s, rec(scope, connect.KindUser, "u2", "i1", "alice"))
}

func testDeleteInstance(t *testing.T, s connect.Store) {
	mustCreate(t, s, rec(scope, connect.KindInstance, "i2", "", "two"), rec(scope, connect.KindUser, "u2", "i2", "bob"),
		rec(scope, connect.KindInstance, "i1", "", "one"), withAttrs(rec(scope, connect.KindUser, "u1", "i1", "alice"), "username", "alice"))
	if err := s.DeleteInstance(ctx, connect.Key{Scope: scope, Kind: connect.KindInstance, ID: "i1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}); !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("a user of a deleted instance survived: %v", err)
	}
	if _, err := s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u2"}); err != nil {
		t.Errorf("another instance's user went too: %v", err)
	}
	if err := s.DeleteInstance(ctx, connect.Key{Scope: scope, Kind: connect.KindInstance, ID: "i1"}); !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("second DeleteInstance: %v, want ErrNotFound", err)
	}
	// Nothing of the deleted users is left for a search to find, whatever
	// is created after them.
	mustCreate(t, s, rec(scope, connect.KindInstance, "i1", "", "one"), withAttrs(rec(scope, connect.KindUser, "u3", "i1", "carol"), "username", "carol"))
	for value, want := range map[string]int{"alice": 0, "carol": 1} {
		q := connect.SearchQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", Limit: 10,
			Where: connect.Cond{Attr: "username", Match: connect.Contains, Value: value}}
		if _, total, err := s.Search(ctx, q); err != nil || total != want {
			t.Errorf("CONTAINS %q after DeleteInstance: %d found, %v; want %d", value, total, err, want)
		}
	}
}

func testScopesApart(t *testing.T, s connect.Store) {
	other := connect.ScopeFor("210987654321", "us-east-1")
	west := connect.ScopeFor("123456789012", "eu-west-2")
	mustCreate(t, s, rec(scope, connect.KindInstance, "i1", "", "alias"), rec(scope, connect.KindUser, "u1", "i1", "alice"))
	// The same names, even the same IDs, in other scopes.
	mustCreate(t, s, rec(other, connect.KindInstance, "i1", "", "alias"), rec(west, connect.KindInstance, "i1", "", "alias"))
	for _, sc := range []connect.Scope{other, west} {
		if _, err := s.Get(ctx, connect.Key{Scope: sc, Kind: connect.KindUser, ID: "u1"}); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("%v sees another scope's user: %v", sc, err)
		}
		got, _ := s.List(ctx, connect.ListQuery{Scope: sc, Kind: connect.KindUser, InstanceID: "i1", Limit: 10})
		if len(got) != 0 {
			t.Errorf("%v lists another scope's users: %v", sc, got)
		}
		if err := s.Delete(ctx, connect.Key{Scope: sc, Kind: connect.KindUser, ID: "u1"}); !errors.Is(err, connect.ErrNotFound) {
			t.Errorf("%v deletes another scope's user: %v", sc, err)
		}
	}
	if err := s.DeleteInstance(ctx, connect.Key{Scope: other, Kind: connect.KindInstance, ID: "i1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}); err != nil {
		t.Errorf("deleting another scope's instance took this one's user: %v", err)
	}
}

func testConcurrentCreates(t *testing.T, s connect.Store) {
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := fmt.Sprintf("u%d", i)
			errs[i] = s.Create(ctx, rec(scope, connect.KindUser, id, "i1", "same"), rec(scope, connect.KindQueue, id, "i1", ""))
		}(i)
	}
	wg.Wait()
	ok, dup := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, connect.ErrDuplicate):
			dup++
		default:
			t.Errorf("concurrent Create: %v", err)
		}
	}
	if ok != 1 || dup != n-1 {
		t.Errorf("%d created, %d duplicates; want 1 and %d", ok, dup, n-1)
	}
	queues, _ := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindQueue, InstanceID: "i1", Limit: 100})
	if len(queues) != 1 {
		t.Errorf("%d queues after the race, want 1: a refused Create left its queue", len(queues))
	}
}

func testUpdate(t *testing.T, s connect.Store) {
	mustCreate(t, s, rec(scope, connect.KindUser, "u1", "i1", "alice"), rec(scope, connect.KindUser, "u2", "i1", "bob"))
	key := connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}
	later := when.Add(time.Hour)
	err := s.Update(ctx, key, func(r *connect.Record) error {
		r.Name, r.Doc, r.Private, r.Modified = "alicia", []byte(`{"v":2}`), []byte("new"), later
		r.PasswordHash = "$argon2id$v=19$m=64,t=1,p=1$bmV3$aGFzaA"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, key)
	if got.Name != "alicia" || string(got.Doc) != `{"v":2}` || string(got.Private) != "new" ||
		got.PasswordHash != "$argon2id$v=19$m=64,t=1,p=1$bmV3$aGFzaA" || !got.Modified.Equal(later) || got.InstanceID != "i1" {
		t.Errorf("after Update: %+v", got)
	}
	mustCreate(t, s, rec(scope, connect.KindUser, "u3", "i1", "alice")) // the old name is free
	// A clash with another record's name changes nothing.
	err = s.Update(ctx, key, func(r *connect.Record) error { r.Name, r.Doc = "bob", []byte(`{"v":3}`); return nil })
	if !errors.Is(err, connect.ErrDuplicate) {
		t.Errorf("rename onto a taken name: %v, want ErrDuplicate", err)
	}
	// So does change's own error, which comes back as it is.
	refused := errors.New("refused")
	if err := s.Update(ctx, key, func(r *connect.Record) error { r.Doc = []byte(`{"v":4}`); return refused }); err != refused {
		t.Errorf("change's error came back as %v", err)
	}
	if got, _ := s.Get(ctx, key); string(got.Doc) != `{"v":2}` {
		t.Errorf("a refused Update changed the record: %s", got.Doc)
	}
	err = s.Update(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "nobody"}, func(*connect.Record) error { return nil })
	if !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("Update of a missing key: %v, want ErrNotFound", err)
	}
	other := connect.ScopeFor("210987654321", "us-east-1")
	if err := s.Update(ctx, connect.Key{Scope: other, Kind: connect.KindUser, ID: "u1"}, func(*connect.Record) error { return nil }); !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("Update from another scope: %v, want ErrNotFound", err)
	}
}

// testConcurrentUpdates has many writers each add their own mark to one
// record: an Update that lost another's change would lose a mark.
func testConcurrentUpdates(t *testing.T, s connect.Store) {
	key := connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}
	r := rec(scope, connect.KindUser, "u1", "i1", "alice")
	r.Doc = []byte("")
	mustCreate(t, s, r)
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := s.Update(ctx, key, func(r *connect.Record) error {
				r.Doc = append(r.Doc, fmt.Sprintf("[%d]", i)...)
				return nil
			})
			if err != nil {
				t.Errorf("Update %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	got, _ := s.Get(ctx, key)
	for i := 0; i < n; i++ {
		if !strings.Contains(string(got.Doc), fmt.Sprintf("[%d]", i)) {
			t.Errorf("update %d was lost: %s", i, got.Doc)
		}
	}
}

func testExport(t *testing.T, s connect.Store) {
	if err := s.Export(ctx, func(r connect.Record) error {
		t.Errorf("an empty store exported %v", r.Key)
		return nil
	}); err != nil {
		t.Fatalf("Export of an empty store: %v", err)
	}

	// Scopes, kinds and IDs that sort differently by byte than by locale
	// or by creation order.
	west := connect.ScopeFor("123456789012", "eu-west-2")
	china := connect.ScopeFor("000000000001", "cn-north-1")
	withPrivate := func(r connect.Record, private string) connect.Record {
		r.Private = []byte(private)
		return r
	}
	withPasswordHash := func(r connect.Record, hash string) connect.Record {
		r.PasswordHash = hash
		return r
	}
	want := []connect.Record{
		rec(china, connect.KindInstance, "i9", "", "far"),
		rec(china, connect.KindUser, "u1", "i9", "zoe"),
		rec(west, connect.KindInstance, "i1", "", "alias"),
		rec(west, connect.KindQueue, "q1", "i1", ""),
		rec(scope, connect.KindClientToken, "CreateInstance/tok", "i1", ""),
		rec(scope, connect.KindInstance, "i1", "", "alias"),
		rec(scope, connect.KindQueue, "Q2", "i1", "Upper"),
		rec(scope, connect.KindQueue, "q1", "i1", ""),
		rec(scope, connect.KindSecurityProfile, "p1", "i1", "Admin"),
		withPasswordHash(rec(scope, connect.KindUser, "B", "i1", "bob"), "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"),
		withPrivate(rec(scope, connect.KindUser, "a", "i1", "alice"), "\x00\xff\x80 not UTF-8\n"),
		rec(scope, connect.KindUser, "b", "i1", "nopass"),
	}
	want[0].Modified = time.UnixMilli(1).UTC()
	want[3].Doc = []byte(`{"Tags":{"k":"<v>"},"Name":"\u00e9"}`)
	for i := len(want) - 1; i >= 0; i-- {
		mustCreate(t, s, want[i])
	}

	var got []connect.Record
	if err := s.Export(ctx, func(r connect.Record) error {
		got = append(got, r)
		return nil
	}); err != nil {
		t.Fatalf("Export: %v", err)
	}
	if len(got) != len(want) {
		t.Errorf("Export gave %d records, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Key != w.Key || g.InstanceID != w.InstanceID || g.Name != w.Name || g.Arn != w.Arn ||
			!g.Modified.Equal(w.Modified) || string(g.Doc) != string(w.Doc) || string(g.Private) != string(w.Private) ||
			g.PasswordHash != w.PasswordHash {
			t.Errorf("record %d: exported %+v, want %+v", i, g, w)
		}
	}

	// Many more records than any implementation fetches at a time, still
	// in order and each once.
	many := connect.ScopeFor("999999999999", "us-west-2")
	var bulk []connect.Record
	for i := range 1000 {
		bulk = append(bulk, rec(many, connect.KindQueue, fmt.Sprintf("q%04d", 999-i), "i1", ""))
	}
	mustCreate(t, s, bulk...)
	n, last := 0, ""
	if err := s.Export(ctx, func(r connect.Record) error {
		n++
		k := fmt.Sprintf("%s\x00%s\x00%s\x00%s", r.Account, r.Region, r.Kind, r.ID)
		if k <= last {
			t.Errorf("record %d, %v, comes after %q", n, r.Key, last)
		}
		last = k
		return nil
	}); err != nil || n != len(want)+len(bulk) {
		t.Errorf("Export of %d records: %d exported, %v", len(want)+len(bulk), n, err)
	}

	// The first error of each stops the export and is returned.
	stop := errors.New("enough")
	calls := 0
	err := s.Export(ctx, func(connect.Record) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("Export after an error from each: %v and %d calls, want %v and 3", err, calls, stop)
	}
	// A stopped export leaves the store usable.
	mustCreate(t, s, rec(scope, connect.KindUser, "c", "i1", "carol"))
	if _, err := s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "c"}); err != nil {
		t.Errorf("Get after a stopped Export: %v", err)
	}
}

func withAttrs(r connect.Record, attrs ...string) connect.Record {
	for i := 0; i+1 < len(attrs); i += 2 {
		r.Attrs = append(r.Attrs, connect.Attr{Name: attrs[i], Value: attrs[i+1]})
	}
	return r
}

func testSearch(t *testing.T, s connect.Store) {
	mustCreate(t, s,
		withAttrs(rec(scope, connect.KindUser, "u1", "i1", "ann"), "username", "ann", "last", "Lee", "tag:team", "blue"),
		withAttrs(rec(scope, connect.KindUser, "u2", "i1", "annette"), "username", "annette", "last", "Smith", "tag:team", "red"),
		withAttrs(rec(scope, connect.KindUser, "u3", "i1", "bob"), "username", "bob", "last", "Annan", "tag:team", "blue"),
		withAttrs(rec(scope, connect.KindUser, "u4", "i1", "zoë"), "username", "zoë", "last", "Ng\x00x"),
		withAttrs(rec(scope, connect.KindUser, "u5", "i2", "ann"), "username", "ann"),
		withAttrs(rec(connect.ScopeFor("210987654321", "us-east-1"), connect.KindUser, "u6", "i1", "ann"), "username", "ann"),
		withAttrs(rec(scope, connect.KindQueue, "q1", "i1", "annex"), "username", "annex"))
	search := func(where connect.Cond, after string, limit int) ([]string, int) {
		t.Helper()
		page, total, err := s.Search(ctx, connect.SearchQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", Where: where, After: after, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range page {
			ids = append(ids, r.ID)
		}
		return ids, total
	}
	leaf := func(attr string, m connect.Match, v string) connect.Cond {
		return connect.Cond{Attr: attr, Match: m, Value: v}
	}
	for _, c := range []struct {
		name  string
		where connect.Cond
		want  string
	}{
		{"all", connect.Cond{}, "[u1 u2 u3 u4]"},
		{"equal", leaf("username", connect.Equal, "ann"), "[u1]"},
		{"prefix", leaf("username", connect.Prefix, "ann"), "[u1 u2]"},
		{"prefix is byte for byte", leaf("username", connect.Prefix, "Ann"), "[]"},
		{"contains", leaf("last", connect.Contains, "nn"), "[u3]"},
		{"contains a multibyte rune", leaf("username", connect.Contains, "ë"), "[u4]"},
		{"contains NUL", leaf("last", connect.Contains, "\x00"), "[u4]"},
		{"contains three characters", leaf("username", connect.Contains, "ann"), "[u1 u2]"},
		{"contains more", leaf("username", connect.Contains, "nnett"), "[u2]"},
		{"contains, in order only", leaf("username", connect.Contains, "ntte"), "[]"},
		{"contains a quote", leaf("username", connect.Contains, `an"n`), "[]"},
		{"contains with a multibyte rune", leaf("username", connect.Contains, "zoë"), "[u4]"},
		{"contains, and", connect.Cond{All: []connect.Cond{leaf("tag:team", connect.Equal, "blue"), leaf("username", connect.Contains, "ann")}}, "[u1]"},
		{"contains, or", connect.Cond{Any: []connect.Cond{leaf("username", connect.Contains, "nnet"), leaf("username", connect.Equal, "bob")}}, "[u2 u3]"},
		{"and", connect.Cond{All: []connect.Cond{leaf("tag:team", connect.Equal, "blue"), leaf("username", connect.Prefix, "a")}}, "[u1]"},
		{"or", connect.Cond{Any: []connect.Cond{leaf("last", connect.Equal, "Smith"), leaf("username", connect.Equal, "bob")}}, "[u2 u3]"},
		{"nested", connect.Cond{Any: []connect.Cond{leaf("username", connect.Equal, "zoë"),
			{All: []connect.Cond{leaf("tag:team", connect.Equal, "blue"), leaf("last", connect.Contains, "e")}}}}, "[u1 u4]"},
		{"no such attribute", leaf("nothing", connect.Equal, "ann"), "[]"},
	} {
		if got, total := search(c.where, "", 10); fmt.Sprint(got) != c.want || total != len(got) {
			t.Errorf("%s: %v (total %d), want %s", c.name, got, total, c.want)
		}
	}
	page, total := search(connect.Cond{}, "u1", 2)
	if fmt.Sprint(page) != "[u2 u3]" || total != 4 {
		t.Errorf("a page after u1: %v, total %d", page, total)
	}
	// Attributes follow Update and go with Delete.
	err := s.Update(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u3"}, func(r *connect.Record) error {
		r.Attrs = []connect.Attr{{Name: "username", Value: "robert"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := search(leaf("tag:team", connect.Equal, "blue"), "", 10); fmt.Sprint(got) != "[u1]" {
		t.Errorf("after Update: %v", got)
	}
	if got, _ := search(leaf("username", connect.Contains, "ober"), "", 10); fmt.Sprint(got) != "[u3]" {
		t.Errorf("contains after Update: %v", got)
	}
	if got, _ := search(leaf("username", connect.Contains, "bob"), "", 10); fmt.Sprint(got) != "[]" {
		t.Errorf("contains the old value after Update: %v", got)
	}
	if err := s.Delete(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := search(leaf("username", connect.Prefix, "ann"), "", 10); fmt.Sprint(got) != "[u2]" {
		t.Errorf("after Delete: %v", got)
	}
	if got, _ := search(leaf("username", connect.Contains, "ann"), "", 10); fmt.Sprint(got) != "[u2]" {
		t.Errorf("contains after Delete: %v", got)
	}
}

func testReferences(t *testing.T, s connect.Store) {
	profile := withAttrs(rec(scope, connect.KindRoutingProfile, "rp", "i1", "basic"), "label", "front desk")
	queue := rec(scope, connect.KindQueue, "q", "i1", "")
	user := rec(scope, connect.KindUser, "u", "i1", "ann")
	user.Attrs = []connect.Attr{connect.RefAttr(connect.KindRoutingProfile, "rp")}
	mustCreate(t, s, profile, queue, user)
	// A reference reaches only into its own instance, and only to what
	// exists, even where the store holds the record it names, read as the
	// service reads what a user refers to.
	if _, err := s.Get(ctx, profile.Key); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, rec(scope, connect.KindRoutingProfile, "rp2", "i2", "basic"))
	for _, bad := range []connect.Record{
		withAttrs(rec(scope, connect.KindUser, "u2", "i2", "bob"), connect.RefPrefix+string(connect.KindRoutingProfile), "rp"),
		withAttrs(rec(scope, connect.KindUser, "u2", "i1", "bob"), connect.RefPrefix+string(connect.KindRoutingProfile), "nothing"),
		withAttrs(rec(scope, connect.KindUser, "u2", "i1", "bob"), connect.RefPrefix+string(connect.KindQueue), "rp"),
	} {
		if err := s.Create(ctx, bad); !errors.Is(err, connect.ErrMissingRef) {
			t.Errorf("Create referring to %v: %v, want ErrMissingRef", bad.Attrs, err)
		}
	}
	err := s.Update(ctx, user.Key, func(r *connect.Record) error {
		r.Attrs = []connect.Attr{connect.RefAttr(connect.KindRoutingProfile, "rp2")}
		return nil
	})
	if !errors.Is(err, connect.ErrMissingRef) {
		t.Errorf("Update referring to another instance's record: %v, want ErrMissingRef", err)
	}

	labelled := func() int {
		t.Helper()
		_, total, err := s.Search(ctx, connect.SearchQuery{Scope: scope, Kind: connect.KindRoutingProfile, InstanceID: "i1",
			Where: connect.Cond{Attr: "label", Match: connect.Contains, Value: "desk"}, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	if n := labelled(); n != 1 {
		t.Fatalf("CONTAINS found %d profiles, want 1", n)
	}
	if err := s.Delete(ctx, profile.Key); !errors.Is(err, connect.ErrInUse) {
		t.Fatalf("deleting a profile a user has: %v, want ErrInUse", err)
	}
	if _, err := s.Get(ctx, profile.Key); err != nil {
		t.Errorf("a refused Delete removed the profile: %v", err)
	}
	if n := labelled(); n != 1 {
		t.Errorf("after a refused Delete, CONTAINS found %d profiles, want 1", n)
	}
	// Deleted together, they may refer to each other. (The profile is
	// read first, as the service does before it refers to one: a store
	// that caches it must forget it.)
	if _, err := s.Get(ctx, profile.Key); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, user.Key, profile.Key); err != nil {
		t.Errorf("deleting a user and its profile together: %v", err)
	}
	// Nor can what a failed Create wrote, even though it referred to it.
	failed := []connect.Record{
		rec(scope, connect.KindRoutingProfile, "rp9", "i1", "failed"),
		withAttrs(rec(scope, connect.KindUser, "u9", "i1", "ed"), connect.RefPrefix+string(connect.KindRoutingProfile), "rp9"),
		rec(scope, connect.KindQueue, "q", "i1", ""), // a duplicate: the Create fails
	}
	if err := s.Create(ctx, failed...); !errors.Is(err, connect.ErrDuplicate) {
		t.Fatalf("Create with a duplicate: %v, want ErrDuplicate", err)
	}
	if err := s.Create(ctx, withAttrs(rec(scope, connect.KindUser, "u10", "i1", "flo"), connect.RefPrefix+string(connect.KindRoutingProfile), "rp9")); !errors.Is(err, connect.ErrMissingRef) {
		t.Errorf("Create referring to what a failed Create wrote: %v, want ErrMissingRef", err)
	}
	// What was deleted can no longer be referred to, even by a store
	// that found it a moment ago.
	if err := s.Create(ctx, withAttrs(rec(scope, connect.KindUser, "u4", "i1", "di"), connect.RefPrefix+string(connect.KindRoutingProfile), "rp")); !errors.Is(err, connect.ErrMissingRef) {
		t.Errorf("Create referring to a deleted profile: %v, want ErrMissingRef", err)
	}
	mustCreate(t, s, rec(scope, connect.KindRoutingProfile, "rp3", "i1", "again"),
		withAttrs(rec(scope, connect.KindUser, "u3", "i1", "cy"), connect.RefPrefix+string(connect.KindRoutingProfile), "rp3"))
	err = s.Update(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u3"}, func(r *connect.Record) error { r.Attrs = nil; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, connect.Key{Scope: scope, Kind: connect.KindRoutingProfile, ID: "rp3"}); err != nil {
		t.Errorf("deleting a profile no longer used: %v", err)
	}
}

func testQuota(t *testing.T, s connect.Store) {
	limited := func(id string) connect.Record {
		r := rec(scope, connect.KindQueue, id, "i1", "queue "+id)
		r.Quota = 5
		return r
	}
	// One named queue counts; unnamed ones (agent queues) and another
	// instance's do not.
	mustCreate(t, s, rec(scope, connect.KindQueue, "q0", "i1", "first"), rec(scope, connect.KindQueue, "agent", "i1", ""),
		rec(scope, connect.KindQueue, "other", "i2", "first"))
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = s.Create(ctx, limited(fmt.Sprintf("q%02d", i+1)), rec(scope, connect.KindUser, fmt.Sprintf("u%02d", i), "i1", fmt.Sprintf("user%d", i)))
		}(i)
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		switch {
		case err == nil:
			created++
		case !errors.Is(err, connect.ErrQuota):
			t.Errorf("Create: %v", err)
		}
	}
	if created != 4 {
		t.Errorf("%d created under a quota of 5 with 1 already there, want 4", created)
	}
	users, _ := s.List(ctx, connect.ListQuery{Scope: scope, Kind: connect.KindUser, InstanceID: "i1", Limit: 100})
	if len(users) != 4 {
		t.Errorf("%d users: a refused Create kept its other records", len(users))
	}
}

// testReferencesRace races a Delete of a record with a Create referring
// to it: one of the two must be refused, whatever the timing.
func testReferencesRace(t *testing.T, s connect.Store) {
	for i := 0; i < 30; i++ {
		profile := rec(scope, connect.KindRoutingProfile, fmt.Sprintf("rp%d", i), "i1", fmt.Sprintf("profile %d", i))
		mustCreate(t, s, profile)
		user := withAttrs(rec(scope, connect.KindUser, fmt.Sprintf("u%d", i), "i1", fmt.Sprintf("user %d", i)),
			connect.RefPrefix+string(connect.KindRoutingProfile), profile.ID)
		var wg sync.WaitGroup
		var created, deleted error
		wg.Add(2)
		go func() { defer wg.Done(); created = s.Create(ctx, user) }()
		go func() { defer wg.Done(); deleted = s.Delete(ctx, profile.Key) }()
		wg.Wait()
		switch {
		case created == nil && deleted == nil:
			t.Fatalf("round %d: the user was created and its routing profile deleted", i)
		case created == nil && !errors.Is(deleted, connect.ErrInUse):
			t.Fatalf("round %d: Delete: %v, want ErrInUse", i, deleted)
		case deleted == nil && !errors.Is(created, connect.ErrMissingRef):
			t.Fatalf("round %d: Create: %v, want ErrMissingRef", i, created)
		}
	}
}

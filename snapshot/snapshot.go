// Package snapshot is connectd's export format: every record of a
// connect.Store as JSON Lines, written out of one store and loaded into
// another.
//
// The format, version 1, is a header line
//
//	{"connectd":"export","version":1}
//
// then one line per record, in the order connect.Store.Export gives (the
// byte order of account, region, kind, id):
//
//	{"account":"123456789012","region":"us-east-1","kind":"user","id":"…",
//	 "instanceId":"…","name":"jdoe","arn":"arn:aws:connect:…","modified":1700000000123,
//	 "doc":{…},"secret":"JGFyZ29uMmlkJHY9MTkk…"}
//
// (one line in the file). instanceId is "" for an instance and name is ""
// for an unnamed record; modified is milliseconds since the Unix epoch,
// exactly what the stores keep; doc is the record's JSON document, embedded
// as JSON; secret, in standard padded base64 and left out when empty, is a
// user's password hash (its PHC string, connect.Record.PasswordHash: no
// plain password is ever stored) and any other record's private part
// (connect.Record.Private). One field carries both, as it did when the
// stores kept both in one column, so an export keeps its bytes across that
// change; a user with a private part, or another record with a password
// hash, cannot be written in it and is refused. Attributes are not
// written: they follow from the document.
//
// Guarantees: SQLite and PostgreSQL stores holding the same records Write
// the same bytes, and an export that Load reads into an empty store, written
// again, gives back the bytes read. A reader refuses, naming the line, anything but this header and
// well-formed records: unknown fields, a second value on a line, a line
// longer than MaxLine. Load creates records in batches, each all or none,
// and its error says how many records of earlier batches stay in the store.
package snapshot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/connectd/connectd/connect"
)

// The header every export starts with.
const (
	magic   = "export"
	version = 1
)

type header struct {
	Connectd string `json:"connectd"`
	Version  int    `json:"version"`
}

// wantHeader is the header line, for messages.
const wantHeader = `{"connectd":"export","version":1}`

// line is one record's line.
type line struct {
	Account    string          `json:"account"`
	Region     string          `json:"region"`
	Kind       string          `json:"kind"`
	ID         string          `json:"id"`
	InstanceID string          `json:"instanceId"`
	Name       string          `json:"name"`
	Arn        string          `json:"arn"`
	Modified   *int64          `json:"modified"`
	Doc        json.RawMessage `json:"doc"`
	Secret     []byte          `json:"secret,omitempty"`
}

// MaxLine bounds one line of an export being read: far more than any record
// (a request body is at most a few MiB), far less than memory.
const MaxLine = 16 << 20

// DefaultBatch is how many records Load creates per transaction unless told
// otherwise.
const DefaultBatch = 500

// Write writes the header and every record of the store to w, and returns
// how many records it wrote.
func Write(ctx context.Context, store connect.Store, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	// Docs are stored as json.Marshal wrote them; keep their bytes.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(header{Connectd: magic, Version: version}); err != nil {
		return 0, err
	}
	n := 0
	err := store.Export(ctx, func(r connect.Record) error {
		// JSON strings hold UTF-8 only: anything else would come back
		// changed.
		for _, s := range []string{r.Account, r.Region, string(r.Kind), r.ID, r.InstanceID, r.Name, r.Arn} {
			if !utf8.ValidString(s) {
				return fmt.Errorf("%s: a field is not UTF-8, so JSON cannot carry it unchanged", Describe(r.Key))
			}
		}
		secret, err := secretOf(r)
		if err != nil {
			return fmt.Errorf("%s: %w", Describe(r.Key), err)
		}
		ms := r.Modified.UnixMilli()
		l := line{
			Account: r.Account, Region: r.Region, Kind: string(r.Kind), ID: r.ID,
			InstanceID: r.InstanceID, Name: r.Name, Arn: r.Arn, Modified: &ms,
			Doc: r.Doc, Secret: secret,
		}
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("%s: %w", Describe(r.Key), err)
		}
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// Reader reads an export whose header has been checked, line by line.
type Reader struct {
	sc   *bufio.Scanner
	line int
}

// NewReader reads and checks the header, so that a caller can refuse the
// wrong input before it touches a store.
func NewReader(r io.Reader) (*Reader, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	er := &Reader{sc: sc}
	if !er.scan() {
		if err := er.err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("the input is empty: a connectd export starts with %s", wantHeader)
	}
	var h header
	if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Connectd != magic {
		return nil, fmt.Errorf("line 1: not a connectd export: the first line must be %s", wantHeader)
	}
	if h.Version != version {
		return nil, fmt.Errorf("line 1: export format version %d: this connectd reads version %d only", h.Version, version)
	}
	return er, nil
}

// scan moves to the next line, skipping empty ones after the header.
func (er *Reader) scan() bool {
	for er.sc.Scan() {
		er.line++
		if er.line == 1 || len(bytes.TrimSpace(er.sc.Bytes())) > 0 {
			return true
		}
	}
	return false
}

func (er *Reader) err() error {
	err := er.sc.Err()
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("line %d: longer than %d bytes", er.line+1, MaxLine)
	}
	return err
}

// next returns the next record and its line number; io.EOF after the last.
func (er *Reader) next() (connect.Record, int, error) {
	if !er.scan() {
		if err := er.err(); err != nil {
			return connect.Record{}, 0, err
		}
		return connect.Record{}, 0, io.EOF
	}
	r, err := parseLine(er.sc.Bytes())
	if err != nil {
		return r, er.line, fmt.Errorf("line %d: %w", er.line, err)
	}
	return r, er.line, nil
}

// parseLine decodes and checks one record's line.
func parseLine(b []byte) (connect.Record, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var l line
	if err := dec.Decode(&l); err != nil {
		return connect.Record{}, fmt.Errorf("not a record: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return connect.Record{}, errors.New("not a record: more after its JSON object")
	}
	switch {
	case l.Account == "" || l.Region == "" || l.Kind == "" || l.ID == "":
		return connect.Record{}, errors.New("a record needs account, region, kind and id")
	case l.Modified == nil:
		return connect.Record{}, errors.New("a record needs modified (milliseconds since the Unix epoch)")
	case (l.Kind == string(connect.KindInstance)) != (l.InstanceID == ""):
		return connect.Record{}, errors.New("instanceId must be empty for an instance and only for an instance")
	case len(l.Doc) == 0 || l.Doc[0] != '{':
		return connect.Record{}, errors.New("doc must be a JSON object")
	}
	var doc bytes.Buffer
	if err := json.Compact(&doc, l.Doc); err != nil {
		return connect.Record{}, fmt.Errorf("doc: %w", err)
	}
	r := connect.Record{
		Key:        connect.Key{Scope: connect.ScopeFor(l.Account, l.Region), Kind: connect.Kind(l.Kind), ID: l.ID},
		InstanceID: l.InstanceID,
		Name:       l.Name,
		Arn:        l.Arn,
		Modified:   time.UnixMilli(*l.Modified).UTC(),
		Doc:        doc.Bytes(),
	}
	if err := setSecret(&r, l.Secret); err != nil {
		return connect.Record{}, fmt.Errorf("secret: %w", err)
	}
	// Attributes are not exported: they follow from the document.
	if err := r.Index(); err != nil {
		return connect.Record{}, fmt.Errorf("doc: %w", err)
	}
	return r, nil
}

// secretOf is what a record's line carries as its secret: a user's
// password hash, any other record's private part.
func secretOf(r connect.Record) ([]byte, error) {
	if r.Kind == connect.KindUser {
		if len(r.Private) > 0 {
			return nil, errors.New("a user with a private part: the export format carries only a user's password hash")
		}
		return []byte(r.PasswordHash), nil
	}
	if r.PasswordHash != "" {
		return nil, errors.New("a password hash on a record that is not a user: the export format carries only users' hashes")
	}
	return r.Private, nil
}

// setSecret gives r the secret of its line, as secretOf reads it. A
// password hash is a PHC string: text, without NUL, which is what both
// stores keep in its column.
func setSecret(r *connect.Record, secret []byte) error {
	switch {
	case len(secret) == 0:
	case r.Kind != connect.KindUser:
		r.Private = secret
	case !utf8.Valid(secret) || bytes.IndexByte(secret, 0) >= 0:
		return errors.New("a user's secret is its password hash, a PHC string: it must be UTF-8 text without NUL")
	default:
		r.PasswordHash = string(secret)
	}
	return nil
}

// LoadOptions say how Load writes and what its messages say.
type LoadOptions struct {
	// Batch is how many records each Create holds; 0 means DefaultBatch.
	Batch int
	// Empty says the store held no records when the load began: then a
	// record the store refuses as taken clashes with an earlier line, and
	// the error says so.
	Empty bool
	// Into names the store in the error of a load that stopped after
	// earlier batches were created; "the store" when empty.
	Into string
}

// Load creates the records the reader has left in the store, opts.Batch at
// a time, each batch in one Create: all of it or none. It returns how many
// records it created. Its error names the line at fault and ends by saying
// whether nothing was created or how many records of earlier batches
// remain in the store.
func Load(ctx context.Context, store connect.Store, er *Reader, opts LoadOptions) (int, error) {
	if opts.Batch <= 0 {
		opts.Batch = DefaultBatch
	}
	n, err := load(ctx, store, er, opts)
	if err == nil {
		return n, nil
	}
	if n > 0 {
		into := opts.Into
		if into == "" {
			into = "the store"
		}
		return n, fmt.Errorf("%w; import stopped: the %d records of earlier batches were imported and remain in %s", err, n, into)
	}
	return n, fmt.Errorf("%w; nothing was imported", err)
}

// load is Load without the closing words on what was created.
func load(ctx context.Context, store connect.Store, er *Reader, opts LoadOptions) (int, error) {
	imported := 0
	var batch []connect.Record
	var lines []int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := store.Create(ctx, batch...)
		if errors.Is(err, connect.ErrDuplicate) {
			return explainDuplicate(ctx, store, batch, lines, opts.Empty)
		}
		if err != nil {
			return fmt.Errorf("lines %d to %d: %w", lines[0], lines[len(lines)-1], err)
		}
		imported += len(batch)
		batch, lines = batch[:0], lines[:0]
		return nil
	}
	for {
		r, line, err := er.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return imported, err
		}
		batch, lines = append(batch, r), append(lines, line)
		if len(batch) == opts.Batch {
			if err := flush(); err != nil {
				return imported, err
			}
		}
	}
	return imported, flush()
}

// nameKey is what a record's name must be unique within.
type nameKey struct {
	account, region, instanceID string
	kind                        connect.Kind
	name                        string
}

// explainDuplicate finds the record of a batch that Create refused for a
// taken key or name, and says which it is and what holds it.
func explainDuplicate(ctx context.Context, store connect.Store, batch []connect.Record, lines []int, empty bool) error {
	// An import into an empty store found what it clashes with in itself.
	origin := ""
	if empty {
		origin = ", imported from an earlier line"
	}
	keys := map[connect.Key]int{}
	names := map[nameKey]int{}
	for i, r := range batch {
		if l, ok := keys[r.Key]; ok {
			return fmt.Errorf("line %d: %s is also on line %d", lines[i], Describe(r.Key), l)
		}
		keys[r.Key] = lines[i]
		if r.Name == "" {
			continue
		}
		nk := nameKey{r.Account, r.Region, r.InstanceID, r.Kind, r.Name}
		if l, ok := names[nk]; ok {
			return fmt.Errorf("line %d: %s: its name %q is also the name of line %d's %s", lines[i], Describe(r.Key), r.Name, l, r.Kind)
		}
		names[nk] = lines[i]
	}
	for i, r := range batch {
		_, err := store.Get(ctx, r.Key)
		if err == nil {
			return fmt.Errorf("line %d: %s already exists in the target store%s", lines[i], Describe(r.Key), origin)
		}
		if !errors.Is(err, connect.ErrNotFound) {
			return err
		}
	}
	for i, r := range batch {
		if r.Name == "" {
			continue
		}
		holder, err := nameHolder(ctx, store, r)
		if err != nil {
			return err
		}
		if holder != nil {
			return fmt.Errorf("line %d: %s: its name %q is taken in the target store by %s%s", lines[i], Describe(r.Key), r.Name, Describe(*holder), origin)
		}
	}
	return fmt.Errorf("lines %d to %d: a record's key or name is taken in the target store%s", lines[0], lines[len(lines)-1], origin)
}

// nameHolder returns the key of the stored record, other than r, of r's
// kind and instance with r's name, if there is one.
func nameHolder(ctx context.Context, store connect.Store, r connect.Record) (*connect.Key, error) {
	named := false
	q := connect.ListQuery{Scope: r.Scope, Kind: r.Kind, InstanceID: r.InstanceID, Limit: 500, Unnamed: &named}
	for {
		page, err := store.List(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, h := range page {
			if h.Name == r.Name && h.Key != r.Key {
				return &h.Key, nil
			}
		}
		if len(page) < q.Limit {
			return nil, nil
		}
		q.After = page[len(page)-1].ID
	}
}

// Describe names a record the way this package's messages do, for callers
// whose own messages name records.
func Describe(k connect.Key) string {
	return fmt.Sprintf("%s %q of account %s in %s", k.Kind, k.ID, k.Account, k.Region)
}

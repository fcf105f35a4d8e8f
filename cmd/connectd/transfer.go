package main

// connectd export and connectd import: every record of a store, as JSON
// Lines, out of one store and into another.
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
// as JSON; secret is the record's secret (a user's argon2id password hash:
// no plain password is ever stored) in standard padded base64, left out when
// empty. SQLite and PostgreSQL stores holding the same records export the
// same bytes, and an import exported again gives back the bytes imported.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/sqlite"
)

// The header every export starts with.
const (
	exportMagic   = "export"
	exportVersion = 1
)

type exportHeader struct {
	Connectd string `json:"connectd"`
	Version  int    `json:"version"`
}

// wantHeader is the header line, for messages.
const wantHeader = `{"connectd":"export","version":1}`

// exportLine is one record's line.
type exportLine struct {
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

// maxLine bounds one line of an import: far more than any record (a request
// body is at most a few MiB), far less than memory.
const maxLine = 16 << 20

// importBatch is how many records import creates per transaction.
var importBatch = 500

// transferFlags makes the flag set of export or import, with serve's --db
// flag: the same default, meaning and CONNECTD_DB variable.
func transferFlags(name, synopsis string, db *string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, error) {
	var cfg serveConfig
	serveFlags, err := flagSet(&cfg, func(k string) string {
		if k == "CONNECTD_DB" {
			return getenv(k)
		}
		return ""
	}, io.Discard)
	if err != nil {
		return nil, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	f := serveFlags.Lookup("db")
	fs.StringVar(db, f.Name, f.DefValue, f.Usage+" (CONNECTD_DB)")
	return fs, nil
}

// parseTransfer parses the arguments; done is true when -h was asked for.
func parseTransfer(fs *flag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return false, fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return false, nil
}

// openTransferStore opens the store --db names. Export reads a store that
// must exist: a mistyped SQLite path is an error, not an empty export.
func openTransferStore(ctx context.Context, db string, mustExist bool) (connect.Store, error) {
	if db == "" {
		return nil, errors.New("--db is empty")
	}
	if mustExist && !isPostgres(db) && db != sqlite.Memory {
		if _, err := os.Stat(db); err != nil {
			return nil, fmt.Errorf("no SQLite database to export: %w", err)
		}
	}
	return openStore(ctx, serveConfig{db: db, dbMaxConns: 2})
}

func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var db, out string
	fs, err := transferFlags("export", "connectd export [--db DB] [--out FILE]", &db, getenv, stderr)
	if err != nil {
		return err
	}
	fs.StringVar(&out, "out", "", "file to write (mode 0600, replaced only once complete); standard output when empty or -")
	if done, err := parseTransfer(fs, args); done || err != nil {
		return err
	}
	store, err := openTransferStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer store.Close()

	var n int
	dest := "standard output"
	if out == "" || out == "-" {
		n, err = exportTo(ctx, store, stdout)
	} else {
		dest = strconv.Quote(out)
		err = writeFileAtomic(out, func(w io.Writer) error {
			n, err = exportTo(ctx, store, w)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "connectd export: wrote %d records from %s to %s\n", n, storeName(db), dest)
	return nil
}

// exportTo writes the header and every record of the store.
func exportTo(ctx context.Context, store connect.Store, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	// Docs are stored as json.Marshal wrote them; keep their bytes.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(exportHeader{Connectd: exportMagic, Version: exportVersion}); err != nil {
		return 0, err
	}
	n := 0
	err := store.Export(ctx, func(r connect.Record) error {
		// JSON strings hold UTF-8 only: anything else would come back
		// changed.
		for _, s := range []string{r.Account, r.Region, string(r.Kind), r.ID, r.InstanceID, r.Name, r.Arn} {
			if !utf8.ValidString(s) {
				return fmt.Errorf("%s: a field is not UTF-8, so JSON cannot carry it unchanged", describe(r.Key))
			}
		}
		ms := r.Modified.UnixMilli()
		l := exportLine{
			Account: r.Account, Region: r.Region, Kind: string(r.Kind), ID: r.ID,
			InstanceID: r.InstanceID, Name: r.Name, Arn: r.Arn, Modified: &ms,
			Doc: r.Doc, Secret: r.Secret,
		}
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("%s: %w", describe(r.Key), err)
		}
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// writeFileAtomic writes a file through a temporary file beside it, renamed
// over it once written and synced: a failed export leaves no partial file
// that could pass for a whole one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	tmp = nil
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func importCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stderr io.Writer) error {
	var db, in string
	var allowExisting bool
	fs, err := transferFlags("import", "connectd import [--db DB] [--in FILE] [--allow-existing]", &db, getenv, stderr)
	if err != nil {
		return err
	}
	fs.StringVar(&in, "in", "", "export to read; standard input when empty or -")
	fs.BoolVar(&allowExisting, "allow-existing", false, "import into a store that already holds records; a record whose key or name is taken stops the import")
	if done, err := parseTransfer(fs, args); done || err != nil {
		return err
	}

	src := "standard input"
	r := stdin
	if in != "" && in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		r, src = f, strconv.Quote(in)
	}
	// The header is checked before the store is opened, so that reading
	// the wrong file creates no database.
	er, err := newExportReader(r)
	if err != nil {
		return fmt.Errorf("import from %s: %w", src, err)
	}
	store, err := openTransferStore(ctx, db, false)
	if err != nil {
		return err
	}
	defer store.Close()

	// empty says the store was empty when the import began (as far as
	// was checked): then any record it holds came from this import.
	empty := !allowExisting
	if !allowExisting {
		var first connect.Key
		errFound := errors.New("found")
		err := store.Export(ctx, func(r connect.Record) error {
			first = r.Key
			return errFound
		})
		if errors.Is(err, errFound) {
			return fmt.Errorf("import: %s is not empty (it holds %s, among others): import adds to an empty store only, unless --allow-existing is given", storeName(db), describe(first))
		}
		if err != nil {
			return err
		}
	}

	n, err := importRecords(ctx, store, er, empty)
	if err != nil {
		err = fmt.Errorf("import from %s: %w", src, err)
		if n > 0 {
			return fmt.Errorf("%w; import stopped: the %d records of earlier batches were imported and remain in %s", err, n, storeName(db))
		}
		return fmt.Errorf("%w; nothing was imported", err)
	}
	fmt.Fprintf(stderr, "connectd import: imported %d records from %s into %s\n", n, src, storeName(db))
	return nil
}

// exportReader reads an export line by line.
type exportReader struct {
	sc   *bufio.Scanner
	line int
}

// newExportReader reads and checks the header.
func newExportReader(r io.Reader) (*exportReader, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	er := &exportReader{sc: sc}
	if !er.scan() {
		if err := er.err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("the input is empty: a connectd export starts with %s", wantHeader)
	}
	var h exportHeader
	if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Connectd != exportMagic {
		return nil, fmt.Errorf("line 1: not a connectd export: the first line must be %s", wantHeader)
	}
	if h.Version != exportVersion {
		return nil, fmt.Errorf("line 1: export format version %d: this connectd reads version %d only", h.Version, exportVersion)
	}
	return er, nil
}

// scan moves to the next line, skipping empty ones after the header.
func (er *exportReader) scan() bool {
	for er.sc.Scan() {
		er.line++
		if er.line == 1 || len(bytes.TrimSpace(er.sc.Bytes())) > 0 {
			return true
		}
	}
	return false
}

func (er *exportReader) err() error {
	err := er.sc.Err()
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("line %d: longer than %d bytes", er.line+1, maxLine)
	}
	return err
}

// next returns the next record and its line number; io.EOF after the last.
func (er *exportReader) next() (connect.Record, int, error) {
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
	var l exportLine
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
	if len(l.Secret) > 0 {
		r.Secret = l.Secret
	}
	// Attributes are not exported: they follow from the document.
	if err := r.Index(); err != nil {
		return connect.Record{}, fmt.Errorf("doc: %w", err)
	}
	return r, nil
}

// importRecords creates the records, importBatch at a time, each batch in
// one Create: all of it or none. It returns how many were created.
// empty says the store was empty when the import began.
func importRecords(ctx context.Context, store connect.Store, er *exportReader, empty bool) (int, error) {
	imported := 0
	var batch []connect.Record
	var lines []int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := store.Create(ctx, batch...)
		if errors.Is(err, connect.ErrDuplicate) {
			return explainDuplicate(ctx, store, batch, lines, empty)
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
		if len(batch) == importBatch {
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
			return fmt.Errorf("line %d: %s is also on line %d", lines[i], describe(r.Key), l)
		}
		keys[r.Key] = lines[i]
		if r.Name == "" {
			continue
		}
		nk := nameKey{r.Account, r.Region, r.InstanceID, r.Kind, r.Name}
		if l, ok := names[nk]; ok {
			return fmt.Errorf("line %d: %s: its name %q is also the name of line %d's %s", lines[i], describe(r.Key), r.Name, l, r.Kind)
		}
		names[nk] = lines[i]
	}
	for i, r := range batch {
		_, err := store.Get(ctx, r.Key)
		if err == nil {
			return fmt.Errorf("line %d: %s already exists in the target store%s", lines[i], describe(r.Key), origin)
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
			return fmt.Errorf("line %d: %s: its name %q is taken in the target store by %s%s", lines[i], describe(r.Key), r.Name, describe(*holder), origin)
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

// describe names a record in messages.
func describe(k connect.Key) string {
	return fmt.Sprintf("%s %q of account %s in %s", k.Kind, k.ID, k.Account, k.Region)
}

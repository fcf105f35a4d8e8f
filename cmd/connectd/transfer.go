package main

// connectd export and connectd import: the subcommands that move every
// record of a store, in the format package snapshot defines, out of one
// store and into another. What is here is the command line: flags, files,
// opening stores, and the import's refusal of a store that is not empty.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/snapshot"
	"github.com/connectd/connectd/sqlite"
)

// transferFlags makes the flag set of export or import, with serve's --db
// flag: the same default, meaning and CONNECTD_DB variable.
func transferFlags(name, synopsis string, db *string, getenv func(string) string) (*flag.FlagSet, error) {
	var cfg serveConfig
	serveFlags, err := flagSet(&cfg, func(k string) string {
		if k == "CONNECTD_DB" {
			return getenv(k)
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	fs := newFlagSet(name, synopsis)
	f := serveFlags.Lookup("db")
	fs.StringVar(db, f.Name, f.DefValue, f.Usage)
	return fs, nil
}

// openTransferStore opens the store --db names. Export reads a store that
// must exist: a mistyped SQLite path is an error, not an empty export.
func openTransferStore(ctx context.Context, db string, mustExist bool) (store connect.Store, created bool, err error) {
	if db == "" {
		return nil, false, errors.New("--db is empty")
	}
	if mustExist && !isPostgres(db) && db != sqlite.Memory {
		if _, err := os.Stat(db); err != nil {
			return nil, false, fmt.Errorf("no SQLite database to export: %w", err)
		}
	}
	return openStore(ctx, serveConfig{db: db, dbMaxConns: 2})
}

func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var db, out string
	fs, err := transferFlags("export", "connectd export [--db DB] [--out FILE]", &db, getenv)
	if err != nil {
		return err
	}
	fs.StringVar(&out, "out", "", "file to write (mode 0600, replaced only once complete); standard output when empty or -")
	if done, err := parseFlags(fs, args, stdout, stderr); done || err != nil {
		return err
	}
	store, _, err := openTransferStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer store.Close()

	var n int
	dest := "standard output"
	if out == "" || out == "-" {
		n, err = snapshot.Write(ctx, store, stdout)
	} else {
		dest = strconv.Quote(out)
		err = writeFileAtomic(out, func(w io.Writer) error {
			n, err = snapshot.Write(ctx, store, w)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "connectd export: wrote %d records from %s to %s\n", n, storeName(db), dest)
	return nil
}

// writeFileAtomic writes a file through a temporary file beside it, renamed
// over it once written and synced: a failed export leaves no partial file
// that could pass for a whole one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %q: it is a directory", path)
	}
	// The errors name the file asked for, not the temporary one.
	if err := checkDir(dir); err != nil {
		return fmt.Errorf("cannot write %q: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %q: %w", path, cause(err))
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
		return fmt.Errorf("cannot write %q: %w", path, cause(err))
	}
	tmp = nil
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// importCommand is connectd import. progress, when not nil, is a terminal
// to show how many records are in so far on.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr, progress io.Writer) error {
	var db, in string
	var allowExisting bool
	fs, err := transferFlags("import", "connectd import [--db DB] [--in FILE] [--allow-existing]", &db, getenv)
	if err != nil {
		return err
	}
	fs.StringVar(&in, "in", "", "export to read; standard input when empty or -")
	fs.BoolVar(&allowExisting, "allow-existing", false, "import into a store that already holds records; a record whose key or name is taken stops the import")
	if done, err := parseFlags(fs, args, stdout, stderr); done || err != nil {
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
	er, err := snapshot.NewReader(r)
	if err != nil {
		return fmt.Errorf("import from %s: %w", src, err)
	}
	store, created, err := openTransferStore(ctx, db, false)
	if err != nil {
		return err
	}
	// A database this import created stays only if the import succeeded
	// or left records in it.
	discard := created
	defer func() {
		store.Close()
		if discard {
			removeSQLite(db)
		}
	}()

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
			return fmt.Errorf("import: %s is not empty (it holds %s, among others): import adds to an empty store only, unless --allow-existing is given", storeName(db), snapshot.Describe(first))
		}
		if err != nil {
			return err
		}
	}

	shown := &progressStore{Store: store, w: progress, began: time.Now()}
	n, err := snapshot.Load(ctx, shown, er, snapshot.LoadOptions{Empty: empty, Into: storeName(db)})
	shown.clear()
	discard = created && err != nil && n == 0
	if err != nil {
		return fmt.Errorf("import from %s: %w", src, err)
	}
	fmt.Fprintf(stderr, "connectd import: imported %d records from %s into %s\n", n, src, storeName(db))
	return nil
}

// progressStore shows on w, a terminal (none when nil), after each batch an
// import creates, how many records are in and how fast they came.
type progressStore struct {
	connect.Store
	w       io.Writer
	began   time.Time
	created int
}

func (p *progressStore) Create(ctx context.Context, recs ...connect.Record) error {
	err := p.Store.Create(ctx, recs...)
	if err == nil && p.w != nil {
		p.created += len(recs)
		rate := float64(p.created) / time.Since(p.began).Seconds()
		fmt.Fprintf(p.w, "\r\x1b[Kconnectd import: %d records so far, %.0f records/s", p.created, rate)
	}
	return err
}

// clear erases the progress line, for the words that follow it.
func (p *progressStore) clear() {
	if p.created > 0 {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// terminal is w when it is a terminal, for progress that only a person
// watching wants; nil otherwise.
func terminal(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}

package main

// The files the commands are given: the SQLite file --db names, opened
// with errors that say why it cannot be, and removed when a failed command
// created it; and the words for why a file cannot be written.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/sqlite"
)

// openSQLite opens the SQLite file at path, creating it when missing, and
// says whether it created it. SQLite says "unable to open database file"
// whatever the cause, so the file is tried first and the cause named with
// the path.
func openSQLite(path string) (store connect.Store, created bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, false, fmt.Errorf("cannot open the SQLite database %q: it is a directory", path)
	case err == nil:
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return nil, false, fmt.Errorf("cannot open the SQLite database %q: %w", path, cause(err))
		}
		f.Close()
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		if err := checkDir(filepath.Dir(path)); err != nil {
			return nil, false, fmt.Errorf("cannot create the SQLite database %q: %w", path, err)
		}
		// An empty file is an empty SQLite database. Created here, with
		// O_EXCL, it is known to be this process's to remove.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, false, fmt.Errorf("cannot create the SQLite database %q: %w", path, cause(err))
		}
		if err == nil {
			f.Close()
			created = true
		}
	default:
		return nil, false, fmt.Errorf("cannot open the SQLite database %q: %w", path, cause(err))
	}
	file, err := sqlite.Open(path)
	if err != nil {
		if created {
			removeSQLite(path)
		}
		return nil, false, err
	}
	return file, created, nil
}

// removeSQLite removes a SQLite database this process created, with the
// write-ahead log and index SQLite keeps beside it.
func removeSQLite(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

// checkDir says why dir cannot hold a new file, if it is missing or is no
// directory; nil otherwise.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("the directory %q does not exist", dir)
	case err != nil:
		return fmt.Errorf("the directory %q: %w", dir, cause(err))
	case !fi.IsDir():
		return fmt.Errorf("%q is not a directory", dir)
	}
	return nil
}

// cause is what went wrong with a file, without the operation and path
// that the caller's words already give.
func cause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

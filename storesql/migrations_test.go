package storesql

import (
	"testing"
	"testing/fstest"
)

// Migrations are read in the order of their numbers, which must run from
// 1 without a gap; a database newer than the last is refused.
func TestLoadMigrations(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0002_two.sql": {Data: []byte("B")},
		"m/0001_one.sql": {Data: []byte("A")},
		"m/README":       {Data: []byte("not a migration")},
	}
	ms, err := LoadMigrations(fsys, "m")
	if err != nil || len(ms) != 2 || ms[0].SQL != "A" || ms[1].Name != "0002_two.sql" || ms[1].Version != 2 {
		t.Fatalf("%+v, %v", ms, err)
	}
	if p, err := Pending(ms, 1); err != nil || len(p) != 1 || p[0].Version != 2 {
		t.Errorf("pending after version 1: %+v, %v", p, err)
	}
	if _, err := Pending(ms, 3); err == nil {
		t.Error("a database at version 3 of 2 was not refused")
	}
	fsys["m/0004_four.sql"] = &fstest.MapFile{Data: []byte("D")}
	if _, err := LoadMigrations(fsys, "m"); err == nil {
		t.Error("a gap in the numbers was not refused")
	}
	delete(fsys, "m/0004_four.sql")
	fsys["m/first.sql"] = &fstest.MapFile{Data: []byte("X")}
	if _, err := LoadMigrations(fsys, "m"); err == nil {
		t.Error("a file without a number was not refused")
	}
}

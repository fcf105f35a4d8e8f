package awsapi

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's table of operations from the route table")

// The README's table of operations stands between these lines.
const (
	tableStart = "<!-- The table is written from awsapi/routes.go by: go test ./awsapi -run TestREADMEOperations -update -->\n"
	tableEnd   = "<!-- end of the table of operations -->\n"
)

// TestREADMEOperations checks that the README's table of operations is
// the one the route table makes; with -update, it writes it.
func TestREADMEOperations(t *testing.T) {
	const path = "../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(readme, []byte(tableStart))
	_, after, ok2 := bytes.Cut(rest, []byte(tableEnd))
	if !ok1 || !ok2 {
		t.Fatalf("README.md has no lines %q and %q around its table of operations", tableStart, tableEnd)
	}
	var table strings.Builder
	table.WriteString("| operation | notes |\n| --- | --- |\n")
	for _, g := range api {
		names := make([]string, len(g.routes))
		for i, r := range g.routes {
			names[i] = "`" + r.name + "`"
		}
		table.WriteString(strings.Replace("| "+strings.Join(names, ", ")+" | "+g.note+" |\n", "|  |", "| |", 1))
	}
	want := string(before) + tableStart + table.String() + tableEnd + string(after)
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(readme) != want {
		t.Errorf("README.md's table of operations is not the route table's; run go test ./awsapi -run TestREADMEOperations -update. The route table makes:\n%s", table.String())
	}
}

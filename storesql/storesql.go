// Package storesql holds what the SQLite and PostgreSQL stores share: how
// a search condition becomes a WHERE clause over the attrs table, and the
// bounded map of records their caches keep.
package storesql

import (
	"fmt"
	"strings"

	"github.com/connectd/connectd/connect"
)

// Dialect is what differs between the engines.
type Dialect struct {
	// Placeholder is the n-th (1-based) parameter marker.
	Placeholder func(n int) string
	// Contains is an expression true when the attribute value column col
	// contains the parameter ph; TextContains, when a text column does.
	Contains     func(col, ph string) string
	TextContains func(col, ph string) string
	// Value converts an attribute value to its parameter; nil keeps the
	// string.
	Value func(string) any
}

// maxRune follows every string that starts with a prefix, in byte order.
const maxRune = "\U0010FFFF"

// Builder accumulates a clause and its arguments.
type Builder struct {
	d    Dialect
	sql  strings.Builder
	args []any
}

// NewBuilder starts a clause whose first parameter is number first.
func NewBuilder(d Dialect, args ...any) *Builder {
	return &Builder{d: d, args: args}
}

// Arg adds a parameter and returns its marker.
func (b *Builder) Arg(v any) string {
	b.args = append(b.args, v)
	return b.d.Placeholder(len(b.args))
}

// WriteString adds SQL text.
func (b *Builder) WriteString(s string) { b.sql.WriteString(s) }

// SQL is the clause so far.
func (b *Builder) SQL() string { return b.sql.String() }

// Args are its parameters.
func (b *Builder) Args() []any { return b.args }

// Cond writes the condition over resources aliased r: each attribute test
// is an uncorrelated IN over the attrs table's index, so the engine reads
// only the matching attributes.
func (b *Builder) Cond(q connect.SearchQuery, c connect.Cond) {
	switch {
	case len(c.All) > 0:
		b.join(q, c.All, " AND ")
	case len(c.Any) > 0:
		b.join(q, c.Any, " OR ")
	case c.Attr == "":
		b.WriteString("1=1")
	case c.Attr == connect.AttrID || c.Attr == connect.AttrName:
		// A record's ID and name are its own columns, indexed already.
		col := "r.id"
		if c.Attr == connect.AttrName {
			col = "r.name"
		}
		b.match(col, c)
	default:
		fmt.Fprintf(&b.sql, "r.id IN (SELECT a.id FROM attrs a WHERE a.account = %s AND a.region = %s AND a.instance_id = %s AND a.name = %s AND a.kind = %s AND ",
			b.Arg(q.Account), b.Arg(q.Region), b.Arg(q.InstanceID), b.Arg(c.Attr), b.Arg(string(q.Kind)))
		b.attrMatch("a.value", c)
		b.WriteString(")")
	}
}

// match compares a text column.
func (b *Builder) match(col string, c connect.Cond) {
	b.compare(col, c, func(v string) string { return b.Arg(v) }, b.d.TextContains)
}

// attrMatch compares an attribute value, which each engine keeps in its own
// type.
func (b *Builder) attrMatch(col string, c connect.Cond) {
	b.compare(col, c, func(v string) string {
		if b.d.Value != nil {
			return b.Arg(b.d.Value(v))
		}
		return b.Arg(v)
	}, b.d.Contains)
}

func (b *Builder) compare(col string, c connect.Cond, arg func(string) string, contains func(col, ph string) string) {
	switch c.Match {
	case connect.Equal:
		fmt.Fprintf(&b.sql, "%s = %s", col, arg(c.Value))
	case connect.Prefix:
		fmt.Fprintf(&b.sql, "%s >= %s AND %s < %s", col, arg(c.Value), col, arg(c.Value+maxRune))
	case connect.Contains:
		b.WriteString(contains(col, arg(c.Value)))
	}
}

func (b *Builder) join(q connect.SearchQuery, cs []connect.Cond, op string) {
	b.WriteString("(")
	for i, c := range cs {
		if i > 0 {
			b.WriteString(op)
		}
		b.Cond(q, c)
	}
	b.WriteString(")")
}

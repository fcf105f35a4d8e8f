package model

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Validator checks decoded request input against the model's shapes.
// Validators are compiled once (NewValidator) and are safe for concurrent use.
type Validator struct {
	root *node
}

type node struct {
	shape     string
	typ       string
	min, max  *float64
	pattern   matcher
	patternSo string // the pattern as the model writes it, for messages
	enum      map[string]bool
	enumText  string
	sensitive bool
	union     bool
	members   []member
	elem      *node
	key, val  *node
}

type member struct {
	name     string // the model's member name
	path     string // the name as AWS writes it in messages: first letter lower-cased
	required bool
	node     *node
}

// NewValidator compiles the validator for the input of operation op.
func (m *Model) NewValidator(op string) (*Validator, error) {
	o := m.Operations[op]
	if o == nil {
		return nil, fmt.Errorf("model: no operation %q", op)
	}
	if o.Input == nil {
		return &Validator{}, nil
	}
	v, err := m.ShapeValidator(o.Input.Shape)
	if err != nil {
		return nil, fmt.Errorf("model: %s: %w", op, err)
	}
	return v, nil
}

// ShapeValidator compiles the validator for values of one shape.
func (m *Model) ShapeValidator(shape string) (*Validator, error) {
	c := compiler{m: m, done: map[string]*node{}}
	root, err := c.compile(shape)
	if err != nil {
		return nil, err
	}
	return &Validator{root: root}, nil
}

type compiler struct {
	m    *Model
	done map[string]*node
}

func (c *compiler) compile(name string) (*node, error) {
	if n, ok := c.done[name]; ok {
		return n, nil
	}
	s := c.m.Shapes[name]
	if s == nil {
		return nil, fmt.Errorf("no shape %q", name)
	}
	n := &node{shape: name, typ: s.Type, min: s.Min, max: s.Max, sensitive: s.Sensitive, union: s.Union}
	c.done[name] = n // before recursing: shapes may refer to themselves
	if s.Pattern != "" {
		re, err := compilePattern(s.Pattern)
		if err != nil {
			return nil, fmt.Errorf("shape %s: pattern %q: %w", name, s.Pattern, err)
		}
		n.pattern, n.patternSo = re, s.Pattern
	}
	if len(s.Enum) > 0 {
		n.enum = make(map[string]bool, len(s.Enum))
		for _, e := range s.Enum {
			n.enum[e] = true
		}
		n.enumText = "[" + strings.Join(s.Enum, ", ") + "]"
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	names := make([]string, 0, len(s.Members))
	for mn := range s.Members {
		names = append(names, mn)
	}
	sort.Strings(names)
	for _, mn := range names {
		child, err := c.compile(s.Members[mn].Shape)
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, member{name: mn, path: lowerFirst(mn), required: required[mn], node: child})
	}
	var err error
	if s.Member != nil {
		if n.elem, err = c.compile(s.Member.Shape); err != nil {
			return nil, err
		}
	}
	if s.Key != nil {
		if n.key, err = c.compile(s.Key.Shape); err != nil {
			return nil, err
		}
		if n.val, err = c.compile(s.Value.Shape); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// TypeError says a value has the wrong JSON type for its member.
type TypeError struct {
	Path string
	Want string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("Value at '%s' is not of the expected type: expected %s", e.Path, e.Want)
}

// ValidationError lists the constraints a request breaks, worded as AWS
// words them.
type ValidationError struct {
	Violations []string
}

func (e *ValidationError) Error() string {
	n := len(e.Violations)
	noun := "error"
	if n != 1 {
		noun = "errors"
	}
	return fmt.Sprintf("%d validation %s detected: %s", n, noun, strings.Join(e.Violations, "; "))
}

// maxViolations caps how many violations one answer lists.
const maxViolations = 10

// Validate checks a value as decoded by encoding/json with UseNumber
// (structures keyed by member name; absent or null means not set). It
// returns a *TypeError for a value of the wrong JSON type, a
// *ValidationError for broken constraints, or nil.
func (v *Validator) Validate(value any) error {
	if v.root == nil {
		return nil
	}
	w := walker{}
	w.value(v.root, "", value)
	if w.typeErr != nil {
		return w.typeErr
	}
	if len(w.violations) > 0 {
		return &ValidationError{Violations: w.violations}
	}
	return nil
}

type walker struct {
	violations []string
	typeErr    *TypeError
}

func (w *walker) fail(n *node, path string, value any, constraint string) {
	w.add(path, shown(n, value), constraint)
}

func (w *walker) add(path, shown, constraint string) {
	if len(w.violations) < maxViolations {
		w.violations = append(w.violations, fmt.Sprintf("Value%s at '%s' failed to satisfy constraint: %s", shown, path, constraint))
	}
}

// shown is how a violation message quotes a value: never a sensitive one,
// nor a list, map or structure.
func shown(n *node, value any) string {
	if n.sensitive {
		return ""
	}
	switch v := value.(type) {
	case string:
		if len(v) > 256 {
			v = v[:256] + "..."
		}
		return " '" + v + "'"
	case json.Number:
		return " '" + v.String() + "'"
	}
	return ""
}

func (w *walker) wrongType(path, want string) {
	if w.typeErr == nil {
		w.typeErr = &TypeError{Path: path, Want: want}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (w *walker) value(n *node, path string, v any) {
	if w.typeErr != nil {
		return
	}
	switch n.typ {
	case "structure":
		m, ok := v.(map[string]any)
		if !ok {
			w.wrongType(path, "a JSON object")
			return
		}
		w.structure(n, path, m)
	case "list":
		l, ok := v.([]any)
		if !ok {
			w.wrongType(path, "a JSON array")
			return
		}
		w.length(n, path, nil, len(l))
		for i, e := range l {
			if e == nil {
				continue
			}
			w.value(n.elem, fmt.Sprintf("%s.%d.member", path, i+1), e)
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			w.wrongType(path, "a JSON object")
			return
		}
		w.length(n, path, nil, len(m))
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if bad := w.scalarFailures(n.key, k); len(bad) > 0 {
				w.fail(n, path, nil, "Map keys must satisfy constraint: ["+strings.Join(bad, ", ")+"]")
			}
			if m[k] == nil {
				continue
			}
			if n.val.typ != "string" {
				w.value(n.val, path+"."+k, m[k])
				continue
			}
			s, ok := m[k].(string)
			if !ok {
				w.wrongType(path+"."+k, "a string")
				return
			}
			if bad := w.scalarFailures(n.val, s); len(bad) > 0 {
				w.fail(n, path, nil, "Map value must satisfy constraint: ["+strings.Join(bad, ", ")+"]")
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			w.wrongType(path, "a string")
			return
		}
		for _, c := range w.scalarFailures(n, s) {
			w.fail(n, path, s, c)
		}
	case "integer", "long":
		num, ok := v.(json.Number)
		if !ok {
			w.wrongType(path, "an integer")
			return
		}
		i, err := strconv.ParseInt(num.String(), 10, 64)
		if err != nil || (n.typ == "integer" && (i > math.MaxInt32 || i < math.MinInt32)) {
			w.wrongType(path, "an integer")
			return
		}
		w.rangeCheck(n, path, num, float64(i))
	case "float", "double":
		num, ok := v.(json.Number)
		if !ok {
			w.wrongType(path, "a number")
			return
		}
		f, err := num.Float64()
		if err != nil {
			w.wrongType(path, "a number")
			return
		}
		w.rangeCheck(n, path, num, f)
	case "timestamp":
		if _, ok := v.(json.Number); !ok {
			w.wrongType(path, "a timestamp in epoch seconds")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			w.wrongType(path, "a boolean")
		}
	}
}

func (w *walker) structure(n *node, path string, m map[string]any) {
	set := 0
	for _, mem := range n.members {
		v, present := m[mem.name]
		p := join(path, mem.path)
		if !present || v == nil {
			if mem.required {
				w.add(p, " null", "Member must not be null")
			}
			continue
		}
		set++
		w.value(mem.node, p, v)
	}
	if n.union && set != 1 {
		w.fail(n, path, nil, "Exactly one member must be set")
	}
}

// scalarFailures lists the constraints a string breaks. Beyond the
// model's own, no string may hold NUL: no member of AWS's means one, and
// PostgreSQL cannot store one in text.
func (w *walker) scalarFailures(n *node, s string) []string {
	var out []string
	if strings.IndexByte(s, 0) >= 0 {
		out = append(out, "Member must not contain the NUL character (U+0000)")
	}
	l := utf8.RuneCountInString(s)
	if n.min != nil && float64(l) < *n.min {
		out = append(out, fmt.Sprintf("Member must have length greater than or equal to %s", num(*n.min)))
	}
	if n.max != nil && float64(l) > *n.max {
		out = append(out, fmt.Sprintf("Member must have length less than or equal to %s", num(*n.max)))
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		out = append(out, "Member must satisfy regular expression pattern: "+n.patternSo)
	}
	if n.enum != nil && !n.enum[s] {
		out = append(out, "Member must satisfy enum value set: "+n.enumText)
	}
	return out
}

func (w *walker) length(n *node, path string, v any, l int) {
	if n.min != nil && float64(l) < *n.min {
		w.fail(n, path, v, fmt.Sprintf("Member must have length greater than or equal to %s", num(*n.min)))
	}
	if n.max != nil && float64(l) > *n.max {
		w.fail(n, path, v, fmt.Sprintf("Member must have length less than or equal to %s", num(*n.max)))
	}
}

func (w *walker) rangeCheck(n *node, path string, raw json.Number, f float64) {
	if n.min != nil && f < *n.min {
		w.fail(n, path, raw, fmt.Sprintf("Member must have value greater than or equal to %s", num(*n.min)))
	}
	if n.max != nil && f > *n.max {
		w.fail(n, path, raw, fmt.Sprintf("Member must have value less than or equal to %s", num(*n.max)))
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

package awsapi_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
	"github.com/connectd/connectd/model"
	"github.com/connectd/connectd/sqlite"
)

// TestEveryModelConstraint walks the input of every implemented operation
// through the model and, for each constraint at any depth (required,
// length, range, pattern, enum, list and map size, map keys and values),
// sends a request that breaks just that one and expects AWS's
// InvalidParameterException naming the member and the constraint.
func TestEveryModelConstraint(t *testing.T) {
	m := model.MustLoad()
	store, err := sqlite.Open(sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	api, err := awsapi.NewServer(connect.NewService(store, connect.Options{Argon2: connecttest.TestArgon2}), awsapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	g := &generator{m: m, validators: map[string]*model.Validator{}}
	ops := api.Implemented()
	sort.Strings(ops)
	total := 0
	for _, name := range ops {
		op := m.Operations[name]
		if op.Input == nil {
			continue
		}
		for _, v := range g.inputVariants(op.Input.Shape) {
			total++
			t.Run(name+"/"+v.path+"/"+v.constraint, func(t *testing.T) {
				method, target, body := g.request(op, v.input, f.instance)
				r := send(t, f.srv, method, target, body)
				want := "at '" + v.path + "' failed to satisfy constraint: "
				if r.status != 400 || r.errorType() != "InvalidParameterException" ||
					!strings.Contains(r.message(), want) || !strings.Contains(r.message(), v.constraint) {
					t.Errorf("%s %s %s\ngot %d %s %q\nwant InvalidParameterException with %q and %q",
						method, target, body, r.status, r.errorType(), r.message(), want, v.constraint)
				}
			})
		}
	}
	if total < 80 { // 84 when written
		t.Errorf("only %d constraints walked: the walk is broken", total)
	}
	t.Logf("%d constraint violations sent over %d operations", total, len(ops))

	// None of it stored anything.
	users, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance})
	if err != nil || len(users.UserSummaryList) != 0 {
		t.Errorf("users after the walk: %+v %v", users, err)
	}
	instances, err := f.client.ListInstances(ctx, &awsconnect.ListInstancesInput{})
	if err != nil || len(instances.InstanceSummaryList) != 1 {
		t.Errorf("instances after the walk: %+v %v", instances, err)
	}
}

// variant is an input that breaks one constraint.
type variant struct {
	input      map[string]any
	path       string // the member path AWS's message names
	constraint string // a fragment of the constraint's wording
}

type generator struct {
	m          *model.Model
	validators map[string]*model.Validator
}

func (g *generator) accepts(shape string, v any) bool {
	val := g.validators[shape]
	if val == nil {
		var err error
		if val, err = g.m.ShapeValidator(shape); err != nil {
			panic(err)
		}
		g.validators[shape] = val
	}
	return val.Validate(v) == nil
}

// candidates are tried, in order, as valid or invalid values of patterned
// strings.
var candidates = []string{"abc", "a", "abc123", "Abcdef12", "Passw0rd1", "+15555550100", "d-0123456789",
	"user@example.com", "arn:aws:connect:us-east-1:123456789012:instance/abc", "us-east-1", "abc-def", "x y", "", " ", "!!", "d-x", "-", "\x01", "aws:x"}

// valid returns a value of the shape that meets its constraints, or nil
// where it cannot make one.
func (g *generator) valid(shape string, depth int) any {
	s := g.m.Shapes[shape]
	if depth > 8 {
		return nil
	}
	switch s.Type {
	case "structure":
		out := map[string]any{}
		for _, r := range s.Required {
			if v := g.valid(s.Members[r].Shape, depth+1); v != nil {
				out[r] = v
			}
		}
		if s.Union && len(out) == 0 {
			for name, ref := range s.Members {
				if v := g.valid(ref.Shape, depth+1); v != nil {
					out[name] = v
					break
				}
			}
		}
		return out
	case "list":
		n := 0
		if s.Min != nil {
			n = int(*s.Min)
		}
		out := []any{}
		for i := 0; i < n; i++ {
			out = append(out, g.valid(s.Member.Shape, depth+1))
		}
		return out
	case "map":
		out := map[string]any{}
		if s.Min != nil && *s.Min > 0 {
			if k, ok := g.valid(s.Key.Shape, depth+1).(string); ok {
				out[k] = g.valid(s.Value.Shape, depth+1)
			}
		}
		return out
	case "string":
		if len(s.Enum) > 0 {
			return s.Enum[0]
		}
		for _, c := range candidates {
			if g.accepts(shape, c) {
				return c
			}
		}
		if s.Min != nil && g.accepts(shape, strings.Repeat("a", int(*s.Min))) {
			return strings.Repeat("a", int(*s.Min))
		}
		return nil
	case "integer", "long", "float", "double":
		n := 1.0
		if s.Min != nil {
			n = *s.Min
		} else if s.Max != nil && *s.Max < 1 {
			n = *s.Max
		}
		return json.Number(strconv.FormatFloat(n, 'f', -1, 64))
	case "boolean":
		return true
	case "timestamp":
		return json.Number("1700000000")
	}
	return nil
}

// leafVariants are values of a shape that break one of its own
// constraints, each with the constraint's wording.
func (g *generator) leafVariants(shape string, depth int) []variant {
	s := g.m.Shapes[shape]
	var out []variant
	add := func(v any, constraint string) {
		out = append(out, variant{input: map[string]any{"": v}, constraint: constraint})
	}
	num := func(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', -1, 64)) }
	switch s.Type {
	case "string":
		if s.Min != nil && *s.Min > 0 {
			add("", "Member must have length greater than or equal to")
		}
		if s.Max != nil {
			add(strings.Repeat("a", int(*s.Max)+1), "Member must have length less than or equal to")
		}
		if s.Pattern != "" {
			for _, c := range candidates {
				long := s.Max == nil || len(c) <= int(*s.Max)
				short := s.Min == nil || len(c) >= int(*s.Min)
				if long && short && !g.accepts(shape, c) {
					add(c, "Member must satisfy regular expression pattern")
					break
				}
			}
		}
		if len(s.Enum) > 0 {
			add("NOT_A_MEMBER_OF_THE_ENUM", "Member must satisfy enum value set")
		}
	case "integer", "long", "float", "double":
		if s.Min != nil {
			add(num(*s.Min-1), "Member must have value greater than or equal to")
		}
		if s.Max != nil {
			add(num(*s.Max+1), "Member must have value less than or equal to")
		}
	case "list":
		if s.Min != nil && *s.Min > 0 {
			add([]any{}, "Member must have length greater than or equal to")
		}
		if s.Max != nil {
			var l []any
			for i := 0; i <= int(*s.Max); i++ {
				l = append(l, g.valid(s.Member.Shape, depth+1))
			}
			add(l, "Member must have length less than or equal to")
		}
	case "map":
		if s.Max != nil {
			mm := map[string]any{}
			for i := 0; i <= int(*s.Max); i++ {
				mm[fmt.Sprintf("k%d", i)] = g.valid(s.Value.Shape, depth+1)
			}
			add(mm, "Member must have length less than or equal to")
		}
		for _, kv := range g.leafVariants(s.Key.Shape, depth+1) {
			if k, ok := kv.input[""].(string); ok {
				add(map[string]any{k: g.valid(s.Value.Shape, depth+1)}, "Map keys must satisfy constraint")
			}
		}
		if g.m.Shapes[s.Value.Shape].Type == "string" {
			for _, vv := range g.leafVariants(s.Value.Shape, depth+1) {
				add(map[string]any{"key": vv.input[""]}, "Map value must satisfy constraint")
			}
		}
	}
	return out
}

// variants are values of the shape that break one constraint anywhere in
// it, with the path (relative to the shape) of what they break.
func (g *generator) variants(shape string, depth int, stack map[string]bool) []variant {
	if depth > 6 || stack[shape] {
		return nil
	}
	stack[shape] = true
	defer delete(stack, shape)
	s := g.m.Shapes[shape]
	out := g.leafVariants(shape, depth)
	switch s.Type {
	case "structure":
		base := g.valid(shape, depth).(map[string]any)
		names := make([]string, 0, len(s.Members))
		for n := range s.Members {
			names = append(names, n)
		}
		sort.Strings(names)
		required := map[string]bool{}
		for _, r := range s.Required {
			required[r] = true
		}
		for _, name := range names {
			path := strings.ToLower(name[:1]) + name[1:]
			if required[name] {
				v := copyMap(base)
				delete(v, name)
				out = append(out, variant{input: map[string]any{"": v}, path: path, constraint: "Member must not be null"})
			}
			for _, mv := range g.variants(s.Members[name].Shape, depth+1, stack) {
				v := copyMap(base)
				v[name] = mv.input[""]
				out = append(out, variant{input: map[string]any{"": v}, path: join(path, mv.path), constraint: mv.constraint})
			}
		}
	case "list":
		for _, ev := range g.variants(s.Member.Shape, depth+1, stack) {
			if ev.path == "" && g.m.Shapes[s.Member.Shape].Type != "string" && g.m.Shapes[s.Member.Shape].Type != "integer" {
				continue
			}
			out = append(out, variant{input: map[string]any{"": []any{ev.input[""]}}, path: join("1.member", ev.path), constraint: ev.constraint})
		}
	}
	return out
}

// inputVariants are the variants of an operation's input structure.
func (g *generator) inputVariants(shape string) []variant {
	// A path label cannot be left out or empty (the request would be another
	// path, answered UnknownOperationException), and an empty list in the
	// query string is no list at all.
	unsendable := map[string]string{} // member path -> its location
	for name, ref := range g.m.Shapes[shape].Members {
		if ref.Location == "uri" || ref.Location == "querystring" && g.m.Shapes[ref.Shape].Type == "list" {
			unsendable[strings.ToLower(name[:1])+name[1:]] = ref.Location
		}
	}
	var out []variant
	for _, v := range g.variants(shape, 0, map[string]bool{}) {
		in := v.input[""].(map[string]any)
		loc, ok := unsendable[v.path]
		if ok && (v.constraint == "Member must not be null" && loc == "uri" || v.constraint == "Member must have length greater than or equal to") {
			continue
		}
		out = append(out, variant{input: in, path: v.path, constraint: v.constraint})
	}
	return out
}

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + "." + b
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// request binds an input to HTTP as the model says: path labels, query
// string, JSON body. A path label the input lacks is the fixture's instance
// (an empty label is no request at all).
func (g *generator) request(op *model.Operation, input map[string]any, instance string) (method, target string, body []byte) {
	s := g.m.Shapes[op.Input.Shape]
	path := op.HTTP.RequestURI
	query := url.Values{}
	bodyMembers := map[string]any{}
	for name, ref := range s.Members {
		wire := name
		if ref.LocationName != "" {
			wire = ref.LocationName
		}
		v, present := input[name]
		switch ref.Location {
		case "uri":
			str, _ := v.(string)
			if str == "" {
				str = instance
			}
			path = strings.Replace(path, "{"+wire+"}", url.PathEscape(str), 1)
		case "querystring":
			if !present {
				continue
			}
			if l, ok := v.([]any); ok {
				for _, e := range l {
					query.Add(wire, fmt.Sprint(e))
				}
			} else {
				query.Set(wire, fmt.Sprint(v))
			}
		case "":
			if present {
				bodyMembers[wire] = v
			}
		}
	}
	target = path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	hasBody := false
	for _, ref := range s.Members {
		hasBody = hasBody || ref.Location == ""
	}
	if hasBody {
		body, _ = json.Marshal(bodyMembers)
	}
	return op.HTTP.Method, target, body
}

package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/model"
)

// A handler carries out one operation: it fills the operation's input
// struct from the request's members and calls the Service with it.
type handler struct {
	input reflect.Type // the struct the members fill
	serve func(svc *connect.Service, c *call) (any, error)
}

// op is the handler of a Service method that answers a shape: each member
// of the request fills the field of In with the member's name (or with the
// member's name as its JSON name), and Out is the answer.
func op[In, Out any](f func(*connect.Service, context.Context, connect.Scope, In) (Out, error)) handler {
	answer := answerOf(reflect.TypeFor[Out]())
	return handler{input: reflect.TypeFor[In](), serve: func(svc *connect.Service, c *call) (any, error) {
		var in In
		if err := c.bind(reflect.ValueOf(&in).Elem()); err != nil {
			return nil, err
		}
		out, err := f(svc, c.ctx, c.scope, in)
		if err != nil {
			return nil, err
		}
		return answer(out), nil
	}}
}

// opNoAnswer is the handler of a Service method whose operation answers
// nothing: HTTP 200 with an empty body.
func opNoAnswer[In any](f func(*connect.Service, context.Context, connect.Scope, In) error) handler {
	return handler{input: reflect.TypeFor[In](), serve: func(svc *connect.Service, c *call) (any, error) {
		var in In
		if err := c.bind(reflect.ValueOf(&in).Elem()); err != nil {
			return nil, err
		}
		return nil, f(svc, c.ctx, c.scope, in)
	}}
}

// operation is an implemented operation, compiled from the model once.
type operation struct {
	name      string
	handle    handler
	validator *model.Validator
	members   []boundMember // path, query and body members of the input
	fields    []boundField  // the members the input struct has a field for
	hasBody   bool
	maxPage   int // the largest MaxResults the operation takes, if it pages
}

type boundMember struct {
	name     string // member name
	wire     string // label, query name or JSON key
	location string // "uri", "querystring" or "" (body)
	typ      string // the member's shape type
	elemType string // for lists: the element type
}

// boundField is the field of an operation's input struct a member fills.
type boundField struct {
	member string
	index  []int
}

func compileOperation(m *model.Model, name string, h handler) (*operation, error) {
	mop := m.Operations[name]
	if mop == nil {
		return nil, fmt.Errorf("awsapi: %s is not in the model", name)
	}
	v, err := m.NewValidator(name)
	if err != nil {
		return nil, err
	}
	op := &operation{name: name, handle: h, validator: v}
	if mop.Input == nil {
		return op, nil
	}
	in := m.Shapes[mop.Input.Shape]
	for mname, ref := range in.Members {
		bm := boundMember{name: mname, wire: mname, location: ref.Location, typ: m.Shapes[ref.Shape].Type}
		if ref.LocationName != "" {
			bm.wire = ref.LocationName
		}
		if el := m.Shapes[ref.Shape].Member; el != nil {
			bm.elemType = m.Shapes[el.Shape].Type
		}
		switch ref.Location {
		case "":
			op.hasBody = true
		case "uri", "querystring":
		default:
			continue // no implemented operation reads headers
		}
		if mname == "MaxResults" && m.Shapes[ref.Shape].Max != nil {
			op.maxPage = int(*m.Shapes[ref.Shape].Max)
		}
		op.members = append(op.members, bm)
		index, ok := fieldOf(h.input, bm)
		if !ok && bm.location == "uri" {
			return nil, fmt.Errorf("awsapi: %s: %s has no field for the path member %s", name, h.input, mname)
		}
		if ok {
			op.fields = append(op.fields, boundField{member: mname, index: index})
		}
	}
	return op, nil
}

// fieldOf finds the field of an input struct that a member fills: the one
// named as the member, else the one whose JSON name is the member's name or
// its name on the wire. Members without a field are not read.
func fieldOf(t reflect.Type, m boundMember) ([]int, bool) {
	if f, ok := t.FieldByName(m.name); ok && f.IsExported() {
		return f.Index, true
	}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && (name == m.name || name == m.wire) {
			return f.Index, true
		}
	}
	return nil, false
}

// bind fills an operation's input struct from the validated members. A
// paging operation's MaxResults left out is the default page size.
func (c *call) bind(in reflect.Value) error {
	for _, f := range c.op.fields {
		field := in.FieldByIndex(f.index)
		v, ok := c.input[f.member]
		if !ok {
			if f.member == "MaxResults" && field.Kind() == reflect.Int {
				field.SetInt(int64(min(connect.DefaultMaxResults, c.op.maxPage)))
			}
			continue
		}
		switch x := v.(type) {
		case string:
			if field.Kind() == reflect.String {
				field.SetString(x)
				continue
			}
		case json.Number:
			if n, err := x.Int64(); err == nil && field.Kind() == reflect.Int {
				field.SetInt(n)
				continue
			}
		}
		b, err := json.Marshal(v)
		if err == nil {
			err = json.Unmarshal(b, field.Addr().Interface())
		}
		if err != nil {
			return connect.Errorf(connect.Serialization, "The request body could not be read: %s", jsonProblem(err))
		}
	}
	return nil
}

// answerOf returns what turns an answer of type t into what writeJSON
// writes: the answers that are stored documents or pages of summaries
// become appenders, which write them without reflection; any other answer
// is written by encoding/json.
func answerOf(t reflect.Type) func(any) any {
	if t == reflect.TypeFor[connect.SearchUsersOutput]() {
		return func(out any) any { return searchAnswer(out.(connect.SearchUsersOutput)) }
	}
	if t.Kind() != reflect.Struct {
		return func(out any) any { return out }
	}
	raw, summaryList := reflect.TypeFor[json.RawMessage](), reflect.TypeFor[[]connect.Summary]()
	switch {
	case t.NumField() == 1 && t.Field(0).Type == raw:
		member := t.Field(0).Name
		return func(out any) any { return stored{member, reflect.ValueOf(out).Field(0).Bytes()} }
	case t.NumField() == 2 && t.Field(0).Type == summaryList && t.Field(1).Name == "NextToken" && t.Field(1).Type.Kind() == reflect.String:
		member := t.Field(0).Name
		return func(out any) any {
			v := reflect.ValueOf(out)
			return summaries{member, v.Field(0).Interface().([]connect.Summary), v.Field(1).String()}
		}
	}
	return func(out any) any { return out }
}

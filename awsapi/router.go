package awsapi

import (
	"net/url"
	"strings"

	"github.com/connectd/connectd/model"
)

// router finds the operation a request names from the HTTP bindings of
// every operation in the model. Literal path segments win over labels, as
// they do in AWS's own routing.
type router struct {
	roots  map[string]*segment // by HTTP method
	labels map[string][]string // each operation's label names, in path order
}

type segment struct {
	literal map[string]*segment
	label   *segment
	op      string // the operation ending here, if any
}

func newRouter(m *model.Model) *router {
	r := &router{roots: map[string]*segment{}, labels: map[string][]string{}}
	for _, name := range m.OperationNames() {
		op := m.Operations[name]
		root := r.roots[op.HTTP.Method]
		if root == nil {
			root = &segment{}
			r.roots[op.HTTP.Method] = root
		}
		node := root
		for _, part := range splitPath(op.HTTP.RequestURI) {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				if node.label == nil {
					node.label = &segment{}
				}
				r.labels[name] = append(r.labels[name], strings.Trim(part, "{}+"))
				node = node.label
				continue
			}
			if node.literal == nil {
				node.literal = map[string]*segment{}
			}
			next := node.literal[part]
			if next == nil {
				next = &segment{}
				node.literal[part] = next
			}
			node = next
		}
		node.op = name
	}
	return r
}

func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// label is a path label's name and its decoded value.
type label struct{ name, value string }

// match returns the operation for a method and an escaped path, with its
// decoded labels. Labels are split on the escaped path before decoding, so
// an ARN with %2F stays one label. ok is false when nothing matches or a
// label is not valid percent-encoding.
func (r *router) match(method, escapedPath string) (op string, labels []label, ok bool) {
	node := r.roots[method]
	if node == nil {
		return "", nil, false
	}
	op, values, ok := node.find(splitPath(escapedPath), nil)
	if !ok {
		return "", nil, false
	}
	names := r.labels[op]
	labels = make([]label, len(values))
	for i, v := range values {
		labels[i] = label{names[i], v}
	}
	return op, labels, true
}

func (n *segment) find(parts []string, values []string) (string, []string, bool) {
	if len(parts) == 0 {
		return n.op, values, n.op != ""
	}
	part := parts[0]
	if next := n.literal[part]; next != nil {
		if op, vs, ok := next.find(parts[1:], values); ok {
			return op, vs, true
		}
	}
	if n.label != nil && part != "" {
		value, err := url.PathUnescape(part)
		if err != nil {
			return "", nil, false
		}
		return n.label.find(parts[1:], append(values, value))
	}
	return "", nil, false
}

package awsapi

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/connectd/connectd/model"
)

// TestInputFieldsAreMembers checks that each field of every operation's
// input struct is filled by a member of the model in one of the operations
// that take the struct: a field no member fills, misspelt for instance,
// would stay empty whatever a client sends.
func TestInputFieldsAreMembers(t *testing.T) {
	m, err := model.Load()
	if err != nil {
		t.Fatal(err)
	}
	filled := map[reflect.Type]map[string]bool{}
	for _, g := range api {
		for _, r := range g.routes {
			op, err := compileOperation(m, r.name, r.handle)
			if err != nil {
				t.Fatal(err)
			}
			in := r.handle.input
			if filled[in] == nil {
				filled[in] = map[string]bool{}
			}
			for _, f := range op.fields {
				filled[in][fmt.Sprint(f.index)] = true
			}
		}
	}
	for in, fields := range filled {
		for _, f := range reflect.VisibleFields(in) {
			if f.IsExported() && !f.Anonymous && !fields[fmt.Sprint(f.Index)] {
				t.Errorf("%s.%s is filled by no member of the operations that take it", in, f.Name)
			}
		}
	}
}

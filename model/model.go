// Package model holds AWS's published model of the Amazon Connect API
// (botocore's service-2.json, documentation removed) and what is compiled
// from it: the operation table the router is built from and the validators
// that check every request against the model's constraints.
package model

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"
)

//go:embed connect.json.gz
var compressed []byte

// Model is the parsed service model.
type Model struct {
	Operations map[string]*Operation
	Shapes     map[string]*Shape
}

// Operation is one API operation and its HTTP binding.
type Operation struct {
	Name string `json:"name"`
	HTTP struct {
		Method     string `json:"method"`
		RequestURI string `json:"requestUri"`
	} `json:"http"`
	Input  *ShapeRef `json:"input"`
	Output *ShapeRef `json:"output"`
}

// ShapeRef points at a shape, optionally with a wire binding.
type ShapeRef struct {
	Shape        string `json:"shape"`
	Location     string `json:"location"`     // "uri", "querystring", "header" or "" (JSON body)
	LocationName string `json:"locationName"` // wire name where it differs from the member name
}

// Shape is one botocore shape.
type Shape struct {
	Type      string               `json:"type"`
	Required  []string             `json:"required"`
	Members   map[string]*ShapeRef `json:"members"`
	Member    *ShapeRef            `json:"member"`
	Key       *ShapeRef            `json:"key"`
	Value     *ShapeRef            `json:"value"`
	Min       *float64             `json:"min"`
	Max       *float64             `json:"max"`
	Pattern   string               `json:"pattern"`
	Enum      []string             `json:"enum"`
	Sensitive bool                 `json:"sensitive"`
	Union     bool                 `json:"union"`
	Exception bool                 `json:"exception"`
	Error     *struct {
		HTTPStatusCode int `json:"httpStatusCode"`
	} `json:"error"`
}

var (
	loadOnce sync.Once
	loaded   *Model
	loadErr  error
)

// Load returns the embedded model, parsed once per process.
func Load() (*Model, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(compressed) })
	return loaded, loadErr
}

// MustLoad is Load for callers that cannot go on without the model.
func MustLoad() *Model {
	m, err := Load()
	if err != nil {
		panic(err)
	}
	return m
}

func parse(gz []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	var m Model
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	for name, op := range m.Operations {
		op.Name = name
	}
	return &m, nil
}

// OperationNames lists every operation of the model, sorted.
func (m *Model) OperationNames() []string {
	names := make([]string, 0, len(m.Operations))
	for n := range m.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// IsSensitive reports whether the shape named is marked sensitive, or holds
// a sensitive shape anywhere below it.
func (m *Model) IsSensitive(name string) bool {
	return m.sensitive(name, map[string]bool{})
}

func (m *Model) sensitive(name string, seen map[string]bool) bool {
	s := m.Shapes[name]
	if s == nil || seen[name] {
		return false
	}
	seen[name] = true
	if s.Sensitive {
		return true
	}
	for _, ref := range s.refs() {
		if m.sensitive(ref.Shape, seen) {
			return true
		}
	}
	return false
}

func (s *Shape) refs() []*ShapeRef {
	var out []*ShapeRef
	for _, r := range s.Members {
		out = append(out, r)
	}
	for _, r := range []*ShapeRef{s.Member, s.Key, s.Value} {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// Package awsapi speaks Amazon Connect's restJson1 protocol: it routes
// requests by the model's HTTP bindings, decodes and validates them against
// the model, calls the connect.Service, and encodes answers and errors as
// AWS's clients expect them.
package awsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/model"
	"github.com/google/uuid"
)

// DefaultMaxBodyBytes is the largest request body accepted by default.
const DefaultMaxBodyBytes = 1 << 20

// Options configure a Server.
type Options struct {
	// Logger receives one line per failed request (5xx) and per recovered
	// panic; never a request's values. Nil discards.
	Logger *slog.Logger
	// MaxBodyBytes caps request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Credentials, when not nil, turn on strict mode: every request must
	// carry a valid SigV4 signature by one of these keys, and acts as the
	// key's account. Nil is permissive mode: signatures are not checked.
	Credentials []Credential
}

// Server is the HTTP face of a connect.Service.
type Server struct {
	svc     *connect.Service
	log     *slog.Logger
	maxBody int64
	router  *router
	ops     map[string]*operation
	verify  *verifier // nil in permissive mode
}

// NewServer returns the HTTP handler of the Connect API over svc. It
// compiles the model's validators for every implemented operation.
func NewServer(svc *connect.Service, opts Options) (*Server, error) {
	m, err := model.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, log: opts.Logger, maxBody: opts.MaxBodyBytes, router: newRouter(m), ops: map[string]*operation{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if opts.Credentials != nil {
		s.verify = newVerifier(opts.Credentials)
	}
	for _, g := range api {
		for _, r := range g.routes {
			op, err := compileOperation(m, r.name, r.handle)
			if err != nil {
				return nil, err
			}
			s.ops[r.name] = op
		}
	}
	return s, nil
}

// Implemented lists the operations the server implements.
func (s *Server) Implemented() []string {
	out := make([]string, 0, len(s.ops))
	for n := range s.ops {
		out = append(out, n)
	}
	return out
}

// call is one request on its way through a handler.
type call struct {
	ctx   context.Context
	scope connect.Scope
	op    *operation
	input map[string]any // validated, by member name
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := uuid.NewString()
	w.Header().Set("x-amzn-RequestId", reqID)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "requestId", reqID, "method", r.Method, "panic", fmt.Sprint(p))
			writeError(w, connect.Errorf(connect.InternalService, "An internal error occurred. Request ID: %s", reqID))
		}
	}()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, connect.Errorf(connect.RequestEntityTooLarge, "The request body is larger than %d bytes.", s.maxBody))
		} else {
			writeError(w, connect.Errorf(connect.Serialization, "The request body could not be read."))
		}
		return
	}
	var scope connect.Scope
	if s.verify != nil {
		scope, err = s.verify.verify(r, body)
	} else {
		scope, err = scopeOf(r)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	opName, labels, ok := s.router.match(r.Method, r.URL.EscapedPath())
	if !ok {
		writeError(w, connect.Errorf(connect.UnknownOperation, "No Amazon Connect operation is %s %s.", r.Method, r.URL.EscapedPath()))
		return
	}
	op := s.ops[opName]
	if op == nil {
		writeError(w, connect.Errorf(connect.NotImplemented, "connectd does not implement %s.", opName))
		return
	}
	c, err := s.decode(r, op, labels, body)
	if err == nil {
		c.scope = scope
		var out any
		if out, err = op.handle.serve(s.svc, c); err == nil {
			writeJSON(w, out)
			return
		}
	}
	if connect.ErrorCode(err) == connect.InternalService {
		s.log.Error("request failed", "requestId", reqID, "operation", opName, "error", err.Error())
		err = connect.Errorf(connect.InternalService, "An internal error occurred. Request ID: %s", reqID)
	}
	writeError(w, err)
}

// decode gathers the input members from path, query and body, and checks
// them against the model.
func (s *Server) decode(r *http.Request, op *operation, labels []label, raw []byte) (*call, error) {
	c := &call{ctx: r.Context(), op: op, input: map[string]any{}}
	var body map[string]any
	if op.hasBody && len(bytes.TrimSpace(raw)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&body); err != nil {
			return nil, connect.Errorf(connect.Serialization, "The request body is not a valid JSON object: %s", jsonProblem(err))
		}
		if dec.More() {
			return nil, connect.Errorf(connect.Serialization, "The request body has data after its JSON object.")
		}
		if problem := notText(raw); problem != "" {
			return nil, connect.Errorf(connect.Serialization, "The request body %s.", problem)
		}
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, connect.Errorf(connect.Serialization, "The query string is not valid percent-encoding.")
	}
	for name, values := range query {
		if notUTF8(name) || slices.ContainsFunc(values, notUTF8) {
			return nil, connect.Errorf(connect.Serialization, "The query string holds a name or value that is not UTF-8.")
		}
	}
	if slices.ContainsFunc(labels, func(l label) bool { return notUTF8(l.value) }) {
		return nil, connect.Errorf(connect.Serialization, "The path holds a value that is not UTF-8.")
	}
	for _, m := range op.members {
		switch m.location {
		case "uri":
			for _, l := range labels {
				if l.name == m.wire {
					c.input[m.name] = l.value
				}
			}
		case "querystring":
			values, present := query[m.wire]
			if !present {
				continue
			}
			v, err := queryValue(m, values)
			if err != nil {
				return nil, err
			}
			c.input[m.name] = v
		default:
			if v, present := body[m.wire]; present {
				c.input[m.name] = v
			}
		}
	}
	if err := op.validator.Validate(c.input); err != nil {
		var te *model.TypeError
		if errors.As(err, &te) {
			return nil, connect.Errorf(connect.Serialization, "%s", te.Error())
		}
		return nil, connect.Errorf(connect.InvalidParameter, "%s", err.Error())
	}
	return c, nil
}

// queryValue converts query values to what the member's JSON form would be.
func queryValue(m boundMember, values []string) (any, error) {
	conv := func(typ, v string) (any, error) {
		switch typ {
		case "integer", "long":
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return nil, connect.Errorf(connect.Serialization, "Value at '%s' is not an integer.", m.wire)
			}
			return json.Number(v), nil
		case "boolean":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, connect.Errorf(connect.Serialization, "Value at '%s' is not a boolean.", m.wire)
			}
			return b, nil
		}
		return v, nil
	}
	if m.typ == "list" {
		out := make([]any, len(values))
		for i, v := range values {
			x, err := conv(m.elemType, v)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	return conv(m.typ, values[0])
}

// notText says why the strings of a JSON text are not Unicode text, or
// returns "" when they are: bytes that are not UTF-8, or a \u escape of a
// UTF-16 surrogate that is not one of a pair. encoding/json reads either
// as U+FFFD, and would store the replacement for what was sent. raw must
// be valid JSON, so that every backslash in it begins an escape.
func notText(raw []byte) string {
	if !utf8.Valid(raw) {
		return "is not valid UTF-8"
	}
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '\\')
		if j < 0 {
			return ""
		}
		i += j + 1 // the escaped character
		if raw[i] != 'u' {
			i++ // one character, which may be a backslash
			continue
		}
		r := hexRune(raw[i+1 : i+5])
		i += 5
		if !utf16.IsSurrogate(r) {
			continue
		}
		if bytes.HasPrefix(raw[i:], []byte(`\u`)) && utf16.DecodeRune(r, hexRune(raw[i+2:i+6])) != unicode.ReplacementChar {
			i += 6 // the low surrogate of the pair
			continue
		}
		return "holds a \\u escape of a lone UTF-16 surrogate"
	}
}

func notUTF8(s string) bool { return !utf8.ValidString(s) }

// hexRune reads the four hex digits of a JSON \u escape.
func hexRune(digits []byte) rune {
	n, _ := strconv.ParseUint(string(digits), 16, 16)
	return rune(n)
}

// jsonProblem describes a JSON decoding error without quoting the input.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return "expected a JSON object"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	}
	return "malformed JSON"
}

// credentialScope reads the access key ID and the region of a SigV4
// Authorization header's credential scope,
// Credential=AKID/DATE/REGION/SERVICE/aws4_request: the first Credential=
// followed by a non-empty key ID, a date, a non-empty region and a slash,
// none of them holding a comma or white space. (Every request passes
// here: a regular expression took a quarter of DescribeInstance's time in
// the handler.)
func credentialScope(auth string) (akid, region string, ok bool) {
	const param = "Credential="
	for rest := auth; ; {
		i := strings.Index(rest, param)
		if i < 0 {
			return "", "", false
		}
		rest = rest[i+len(param):]
		cred := rest
		if end := strings.IndexAny(cred, ", \t\n\f\r"); end >= 0 {
			cred = cred[:end]
		}
		akid, after, ok1 := strings.Cut(cred, "/")
		_, after, ok2 := strings.Cut(after, "/")
		region, _, ok3 := strings.Cut(after, "/")
		if ok1 && ok2 && ok3 && akid != "" && region != "" {
			return akid, region, true
		}
	}
}

// isRegion reports whether s has the form of a region name: two letters,
// one or two words of letters, and a number, joined by hyphens
// (us-east-1, us-gov-west-1).
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts) > 4 || len(parts[0]) != 2 {
		return false
	}
	for _, word := range parts[:len(parts)-1] {
		if word == "" || strings.Trim(word, "abcdefghijklmnopqrstuvwxyz") != "" {
			return false
		}
	}
	number := parts[len(parts)-1]
	return number != "" && strings.Trim(number, "0123456789") == ""
}

// isAccountID reports whether s is 12 digits.
func isAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// scopeOf returns the account and region a request acts in: the region of
// its SigV4 credential scope, and the access key ID as the account when it
// is 12 digits. An unsigned request acts in connect.DefaultScope.
func scopeOf(r *http.Request) (connect.Scope, error) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return connect.DefaultScope, nil
	}
	akid, region, ok := credentialScope(auth)
	if !ok {
		return connect.Scope{}, connect.Errorf(connect.IncompleteSignature, "Authorization header requires a 'Credential' parameter of the form AKID/date/region/connect/aws4_request.")
	}
	if !isRegion(region) {
		return connect.Scope{}, connect.Errorf(connect.IncompleteSignature, "The credential scope names no valid region.")
	}
	account := connect.DefaultScope.Account
	if isAccountID(akid) {
		account = akid
	}
	return connect.ScopeFor(account, region), nil
}

func writeJSON(w http.ResponseWriter, out any) {
	if out == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	var b []byte
	if a, ok := out.(appender); ok {
		buf := answers.Get().(*[]byte)
		b = a.appendJSON(slices.Grow((*buf)[:0], a.size()))
		defer func() {
			if cap(b) <= maxPooledAnswer {
				*buf = b
				answers.Put(buf)
			}
		}()
	} else {
		var err error
		if b, err = json.Marshal(out); err != nil {
			writeError(w, err)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// answers keeps the buffers hand-written answers were appended to, for
// the next: a page of 1000 users is 200 KB, a third of what a ListUsers
// request allocated, and what a request allocates sets how often the
// collector runs. Buffers past maxPooledAnswer are left to it.
var answers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledAnswer = 1 << 20

// writeError answers with an AWS-shaped error: X-Amzn-ErrorType and a JSON
// body with __type and Message.
func writeError(w http.ResponseWriter, err error) {
	e := connect.AsError(err)
	b, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string
	}{string(e.Code), e.Message})
	h := w.Header()
	h.Set("X-Amzn-ErrorType", string(e.Code))
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(e.Code.Status())
	w.Write(b)
}

package connect

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// searchSummary turns a stored User document into its UserSearchSummary
// by copying members rather than decoding the document and encoding it
// again, which took half of a SearchUsers request: it keeps the members
// User has but for the LastModified ones, and only the names of
// IdentityInfo. Members are copied as they are, as DescribeUser serves the
// document (an imported one may hold a null where connectd leaves a member
// out); a null IdentityInfo is left out.
func searchSummary(doc []byte) (json.RawMessage, error) {
	out := make([]byte, 0, len(doc))
	out = append(out, '{')
	err := eachMember(doc, func(key, value []byte) error {
		name, err := memberName(key)
		if err != nil {
			return err
		}
		switch {
		case string(name) == "IdentityInfo" && string(value) == "null":
			return nil // as decoding leaves it: nil, and omitted
		case (string(name) == "PhoneConfig" || string(name) == "AfterContactWorkConfigs") && !limitsAllZero(value):
			if value, err = inMilliseconds(value); err != nil {
				return err
			}
		case string(name) == "IdentityInfo":
			names := make([]byte, 0, 64)
			names = append(names, '{')
			err := eachMember(value, func(key, value []byte) error {
				name, err := memberName(key)
				if err != nil {
					return err
				}
				if n := string(name); n == "FirstName" || n == "LastName" {
					names = appendMember(names, key, value)
				}
				return nil
			})
			if err != nil {
				return err
			}
			value = append(names, '}')
		case !summaryMembers[string(name)]:
			return nil
		}
		out = appendMember(out, key, value)
		return nil
	})
	return append(out, '}'), err
}

// limitsAllZero reports whether every AfterContactWorkTimeLimit in a
// PhoneConfig or an AfterContactWorkConfigs list is 0, which is 0 in
// milliseconds too: the value then stands as it is, copied for nothing.
// Those shapes hold no text where the member's name could stand.
func limitsAllZero(value []byte) bool {
	const key = `"AfterContactWorkTimeLimit"`
	for rest := value; ; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return true
		}
		j := skipSpace(rest, i+len(key))
		if j == len(rest) || rest[j] != ':' {
			return false
		}
		j = skipSpace(rest, j+1)
		if j == len(rest) || rest[j] != '0' || j+1 < len(rest) && bytes.IndexByte([]byte("0123456789.eE"), rest[j+1]) >= 0 {
			return false
		}
		rest = rest[j+1:]
	}
}

// inMilliseconds is a PhoneConfig or an AfterContactWorkConfigs list with
// every AfterContactWorkTimeLimit, stored in seconds, in milliseconds:
// SearchUsers answers them so ("AfterContactWorkTimeLimit is returned in
// milliseconds"). Other members are copied as they are; like eachMember,
// it reads the value in place rather than decoding it, which took most of
// a summary's time.
func inMilliseconds(value []byte) ([]byte, error) {
	i := skipSpace(value, 0)
	if i == len(value) {
		return nil, errNotObject
	}
	switch value[i] {
	case '{':
		out := make([]byte, 0, len(value)+8)
		out = append(out, '{')
		err := eachMember(value[i:], func(key, v []byte) error {
			name, err := memberName(key)
			if err != nil {
				return err
			}
			switch string(name) {
			case "AfterContactWorkTimeLimit", "AfterContactWorkConfig", "AgentFirstCallbackAfterContactWorkConfig":
				if v, err = inMilliseconds(v); err != nil {
					return err
				}
			}
			out = appendMember(out, key, v)
			return nil
		})
		return append(out, '}'), err
	case '[':
		out := make([]byte, 0, len(value)+8)
		out = append(out, '[')
		for i = skipSpace(value, i+1); i < len(value) && value[i] != ']'; {
			end := valueEnd(value, i)
			element, err := inMilliseconds(value[i:end])
			if err != nil {
				return nil, err
			}
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, element...)
			if i = skipSpace(value, end); i < len(value) && value[i] == ',' {
				i = skipSpace(value, i+1)
			}
		}
		return append(out, ']'), nil
	case 'n': // null
		return value, nil
	}
	seconds, err := strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
	if err != nil {
		return nil, err
	}
	return strconv.AppendInt(nil, seconds*1000, 10), nil
}

// withoutMember is the JSON object doc without its member name.
func withoutMember(doc []byte, name string) (json.RawMessage, error) {
	out := make([]byte, 0, len(doc))
	out = append(out, '{')
	err := eachMember(doc, func(key, value []byte) error {
		member, err := memberName(key)
		if err != nil || string(member) == name {
			return err
		}
		out = appendMember(out, key, value)
		return nil
	})
	return append(out, '}'), err
}

// appendMember appends a member, its quoted name and its value, to the
// JSON object out is writing, which holds the object's '{' and any
// members before.
func appendMember(out, key, value []byte) []byte {
	if len(out) > 1 {
		out = append(out, ',')
	}
	return append(append(append(out, key...), ':'), value...)
}

// memberName unquotes the name of a member.
func memberName(key []byte) ([]byte, error) {
	name := key[1 : len(key)-1]
	if bytes.IndexByte(name, '\\') < 0 {
		return name, nil
	}
	var unquoted string
	err := json.Unmarshal(key, &unquoted)
	return []byte(unquoted), err
}

// summaryMembers are the members of User that a UserSearchSummary has.
var summaryMembers = func() map[string]bool {
	members := map[string]bool{}
	for f := range reflect.TypeFor[User]().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		members[name] = name != "LastModifiedTime" && name != "LastModifiedRegion"
	}
	return members
}()

var errNotObject = errors.New("connect: a stored document is not a JSON object")

// eachMember calls f with the quoted name and the raw value of each member
// of the JSON object doc, which must be valid JSON.
func eachMember(doc []byte, f func(key, value []byte) error) error {
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' {
		return errNotObject
	}
	i = skipSpace(doc, i+1)
	if i < len(doc) && doc[i] == '}' {
		return nil
	}
	for i < len(doc) && doc[i] == '"' {
		end := valueEnd(doc, i)
		key := doc[i:end]
		if len(key) < 2 {
			return errNotObject
		}
		i = skipSpace(doc, end)
		if i == len(doc) || doc[i] != ':' {
			return errNotObject
		}
		start := skipSpace(doc, i+1)
		end = valueEnd(doc, start)
		if err := f(key, doc[start:end]); err != nil {
			return err
		}
		i = skipSpace(doc, end)
		if i < len(doc) && doc[i] == '}' {
			return nil
		}
		if i == len(doc) || doc[i] != ',' {
			break
		}
		i = skipSpace(doc, i+1)
	}
	return errNotObject
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns where the JSON value that starts at b[i] ends.
func valueEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
			continue
		case '}', ']':
			depth--
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
			continue
		default:
			continue
		}
		if depth <= 0 {
			if depth < 0 { // the end of the enclosing object
				return i
			}
			return i + 1
		}
	}
	return i
}

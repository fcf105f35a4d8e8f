package awsapi

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/connectd/connectd/connect"
)

// An appender is an answer that writes its own JSON, the bytes json.Marshal
// would, for the answers too large or too frequent to go through
// reflection: a page of a thousand summaries took encoding/json over a
// millisecond, a quarter of ListUsers.
type appender interface {
	appendJSON(b []byte) []byte
	// size is about how many bytes appendJSON appends.
	size() int
}

// stored is an answer holding one stored document under one member: the
// document is connectd's own compact JSON, written as it is, with no
// decoding and encoding again.
type stored struct {
	member string
	doc    []byte
}

func (st stored) appendJSON(b []byte) []byte {
	b = appendString(append(b, '{'), st.member)
	return append(append(append(b, ':'), st.doc...), '}')
}

func (st stored) size() int { return len(st.member) + len(st.doc) + 5 }

// summaries is a List* answer: a page of summaries under member, and the
// token of the next page if there is one.
type summaries struct {
	member string
	list   []connect.Summary
	next   string
}

func (s summaries) appendJSON(b []byte) []byte {
	// json.Marshal of a map writes its keys in order.
	b = append(b, '{')
	if s.next != "" && "NextToken" < s.member {
		b = append(appendString(append(b, `"NextToken":`...), s.next), ',')
	}
	b = append(appendString(b, s.member), `:[`...)
	for i, sum := range s.list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSummary(b, sum)
	}
	b = append(b, ']')
	if s.next != "" && "NextToken" > s.member {
		b = appendString(append(b, `,"NextToken":`...), s.next)
	}
	return append(b, '}')
}

func (s summaries) size() int {
	n := 64 + len(s.next)
	if len(s.list) > 0 {
		n += len(s.list) * (160 + len(s.list[0].Arn))
	}
	return n
}

// appendSummary writes sum as json.Marshal does: fields in order, the
// empty omitempty ones left out.
func appendSummary(b []byte, sum connect.Summary) []byte {
	b = appendString(append(b, `{"Id":`...), sum.Id)
	b = appendString(append(b, `,"Arn":`...), sum.Arn)
	if sum.Username != "" {
		b = appendString(append(b, `,"Username":`...), sum.Username)
	}
	if sum.Name != "" {
		b = appendString(append(b, `,"Name":`...), sum.Name)
	}
	if sum.QueueType != "" {
		b = appendString(append(b, `,"QueueType":`...), sum.QueueType)
	}
	b = append(b, `,"LastModifiedTime":`...)
	b = strconv.AppendFloat(b, float64(sum.LastModifiedTime.UnixMilli())/1000, 'f', -1, 64)
	b = appendString(append(b, `,"LastModifiedRegion":`...), sum.LastModifiedRegion)
	return append(b, '}')
}

// appendString writes s as a JSON string. IDs, ARNs and most names need no
// escaping; anything else goes through json.Marshal, which escapes HTML
// characters and invalid UTF-8 as it always does.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !plain[s[i]] {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}

// plain marks the bytes json.Marshal writes as they are; a table costs a
// ListUsers page less than comparing each byte with each exception.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// searchAnswer is SearchUsers' answer, its users' summaries written as
// they are: connect copies them from stored documents, compact already.
type searchAnswer connect.SearchUsersOutput

func (s searchAnswer) appendJSON(b []byte) []byte {
	b = append(b, `{"Users":[`...)
	for i, u := range s.Users {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, u...)
	}
	b = append(b, ']')
	if s.NextToken != "" {
		b = appendString(append(b, `,"NextToken":`...), s.NextToken)
	}
	b = strconv.AppendInt(append(b, `,"ApproximateTotalCount":`...), s.ApproximateTotalCount, 10)
	return append(b, '}')
}

func (s searchAnswer) size() int {
	n := 64 + len(s.NextToken)
	for _, u := range s.Users {
		n += len(u) + 1
	}
	return n
}

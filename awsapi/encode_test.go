package awsapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
)

// FuzzSummaries checks that a List* answer written by hand is what
// json.Marshal writes for the same page.
func FuzzSummaries(f *testing.F) {
	f.Add("UserSummaryList", "token", "a1b2", "arn:aws:connect:us-east-1:123456789012:instance/x/agent/a1b2", "jane.doe@example.com", "", "", int64(1700000000123))
	f.Add("QueueSummaryList", "", "q", "arn", "", "<b>&\"\\\x01é\xff", "STANDARD", int64(0))
	f.Add("HoursOfOperationSummaryList", "t", "", "", "", "\u2028", "", int64(-1))
	f.Add("RoutingProfileSummaryList", "", "a<b", "c>d", "e&f", "", "", int64(5))
	f.Add("SecurityProfileSummaryList", "Ω", "id", "", "user", "name", "", int64(1700000000100))
	var every []byte // each byte alone, so each decides appendString's way once
	for c := range 256 {
		every = append(every, byte(c), ' ')
	}
	for _, field := range bytes.Split(every, []byte{' '}) {
		f.Add("UserSummaryList", "", "id", "arn", "user"+string(field), "", "", int64(1))
	}
	f.Fuzz(func(t *testing.T, member, next, id, arn, username, name, queueType string, ms int64) {
		sum := connect.Summary{Id: id, Arn: arn, Username: username, Name: name, QueueType: queueType,
			LastModifiedTime: connect.Time{Time: time.UnixMilli(ms).UTC()}, LastModifiedRegion: "us-east-1"}
		if member == "NextToken" {
			return // no List* answer names its list so
		}
		for _, list := range [][]connect.Summary{{}, {sum}, {sum, sum}} {
			want := map[string]any{member: list}
			if next != "" {
				want["NextToken"] = next
			}
			wantJSON, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := (summaries{member, list, next}).appendJSON(nil); !bytes.Equal(got, wantJSON) {
				t.Fatalf("wrote\n%s\nwant\n%s", got, wantJSON)
			}
		}
	})
}

// FuzzSearchAnswer checks that SearchUsers' answer written by hand is what
// json.Marshal writes.
func FuzzSearchAnswer(f *testing.F) {
	f.Add(0, "", int64(0))
	f.Add(2, "tok<en>", int64(12345))
	f.Add(1, "", int64(-7))
	f.Fuzz(func(t *testing.T, users int, next string, total int64) {
		out := connect.SearchUsersOutput{Users: []json.RawMessage{}, NextToken: next, ApproximateTotalCount: total}
		for i := range users % 4 {
			// Summaries are copied from documents json.Marshal wrote.
			u, _ := json.Marshal(map[string]any{"Id": fmt.Sprint("u", i), "Tags": map[string]string{"a": "<b>"}, "SecurityProfileIds": []string{next}})
			out.Users = append(out.Users, u)
		}
		want, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := searchAnswer(out).appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("wrote\n%s\nwant\n%s", got, want)
		}
	})
}

package awsapi

import (
	"bytes"
	"encoding/json"
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

package connect

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// decodedSummary is a UserSearchSummary the slow way: the stored document
// decoded into a User, and the summary's own members over it.
func decodedSummary(t *testing.T, doc []byte) any {
	var u User
	if err := json.Unmarshal(doc, &u); err != nil {
		t.Fatal(err)
	}
	// SearchUsers answers every after-contact-work time limit in
	// milliseconds.
	if pc := u.PhoneConfig; pc != nil && pc.AfterContactWorkTimeLimit != nil {
		pc.AfterContactWorkTimeLimit = ptr(*pc.AfterContactWorkTimeLimit * 1000)
	}
	for _, c := range u.AfterContactWorkConfigs {
		for _, limit := range []*AfterContactWorkConfig{c.AfterContactWorkConfig, c.AgentFirstCallbackAfterContactWorkConfig} {
			if limit != nil {
				limit.AfterContactWorkTimeLimit *= 1000
			}
		}
	}
	type nameOnly struct {
		FirstName string `json:",omitempty"`
		LastName  string `json:",omitempty"`
	}
	sum := struct {
		User
		IdentityInfo       *nameOnly `json:",omitempty"`
		LastModifiedTime   *Time     `json:",omitempty"`
		LastModifiedRegion string    `json:",omitempty"`
	}{User: u}
	if u.IdentityInfo != nil {
		sum.IdentityInfo = &nameOnly{FirstName: u.IdentityInfo.FirstName, LastName: u.IdentityInfo.LastName}
	}
	b, _ := json.Marshal(sum)
	var v any
	json.Unmarshal(b, &v)
	return v
}

// FuzzSearchSummary checks that a summary copied from a stored document
// says what decoding it would, for documents as connectd writes them and
// for indented ones with a member User does not have.
func FuzzSearchSummary(f *testing.F) {
	f.Add("jane", "Jane", "Doe", "jane@example.com", "team", "blue", "SOFT_PHONE", true)
	f.Add("a<b>&\"\\", "\u2028é", "", "", "", "", "", false)
	f.Add("x", "", "", "", "k}{", "v\",:[", "DESK_PHONE", true)
	f.Fuzz(func(t *testing.T, username, first, last, email, tagKey, tagValue, phoneType string, full bool) {
		yes, limit := true, int32(30)
		u := User{Id: "u1", Arn: "arn:u1", Username: username, SecurityProfileIds: []string{"sp1", "sp2"}, RoutingProfileId: "rp",
			Tags: map[string]string{}, LastModifiedTime: Time{time.UnixMilli(1700000000123)}, LastModifiedRegion: "us-east-1"}
		if tagKey != "" {
			u.Tags[tagKey] = tagValue
		}
		if full {
			u.IdentityInfo = &UserIdentityInfo{FirstName: first, LastName: last, Email: email, Mobile: "+15555550100"}
			u.PhoneConfig = &UserPhoneConfig{PhoneType: &phoneType, AutoAccept: &yes, AfterContactWorkTimeLimit: &limit}
			u.DirectoryUserId, u.HierarchyGroupId = "dir", "hg"
			u.AutoAcceptConfigs = []AutoAcceptConfig{{Channel: "VOICE", AutoAccept: true, AgentFirstCallbackAutoAccept: &yes}}
			u.AfterContactWorkConfigs = []AfterContactWorkConfigs{{Channel: "VOICE", AfterContactWorkConfig: &AfterContactWorkConfig{AfterContactWorkTimeLimit: 30},
				AgentFirstCallbackAfterContactWorkConfig: &AfterContactWorkConfig{AfterContactWorkTimeLimit: 5}}}
			u.PhoneNumberConfigs = []PhoneNumberConfig{{Channel: "VOICE", PhoneType: phoneType, PhoneNumber: "+15555550100"}}
			u.PersistentConnectionConfigs = []PersistentConnectionConfig{{Channel: "VOICE", PersistentConnection: true}}
			u.VoiceEnhancementConfigs = []VoiceEnhancementConfig{{Channel: "VOICE", VoiceEnhancementMode: "NONE"}}
		}
		compact, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		var members map[string]any
		json.Unmarshal(compact, &members)
		members["NotAUserMember"] = map[string]any{"}": []any{1.5, "]", nil, true}}
		indented, _ := json.MarshalIndent(members, " ", "\t")
		// An imported document may hold null where connectd leaves a
		// member out. Summaries copy members as DescribeUser serves the
		// document, as they are, but IdentityInfo they read.
		members["IdentityInfo"] = nil
		nulls, _ := json.Marshal(members)
		for _, doc := range [][]byte{compact, indented, nulls} {
			sum, err := searchSummary(doc)
			if err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
			var got any
			if err := json.Unmarshal(sum, &got); err != nil {
				t.Fatalf("%s: not JSON: %s", doc, sum)
			}
			if want := decodedSummary(t, doc); !reflect.DeepEqual(got, want) {
				t.Fatalf("from %s\n got %s\nwant %v", doc, sum, want)
			}
		}
	})
}

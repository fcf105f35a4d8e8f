package connect

import (
	"slices"
	"testing"
	"time"
)

// fullUser is a user with every member set, as a document stores it.
func fullUser() Record {
	soft, yes, limit := SoftPhone, true, int32(30)
	u := User{Id: "u1", Arn: "arn:aws:connect:us-east-1:123456789012:instance/i1/agent/u1", Username: "ann",
		IdentityInfo:       &UserIdentityInfo{FirstName: "Ann", LastName: "Lee", Email: "ann@example.com", Mobile: "+15555550100"},
		PhoneConfig:        &UserPhoneConfig{PhoneType: &soft, AutoAccept: &yes, AfterContactWorkTimeLimit: &limit},
		SecurityProfileIds: []string{"sp1", "sp2"}, RoutingProfileId: "rp1", HierarchyGroupId: "g1",
		Tags:                    map[string]string{"team": "blue"},
		AutoAcceptConfigs:       []AutoAcceptConfig{{Channel: "VOICE", AutoAccept: true}, {Channel: "CHAT"}},
		AfterContactWorkConfigs: []AfterContactWorkConfigs{{Channel: "VOICE", AfterContactWorkConfig: &AfterContactWorkConfig{AfterContactWorkTimeLimit: 30}}},
		PhoneNumberConfigs:      []PhoneNumberConfig{{Channel: "VOICE", PhoneType: SoftPhone}},
		LastModifiedTime:        Time{time.Unix(1700000000, 0)}, LastModifiedRegion: "us-east-1",
	}
	return record(ScopeFor("123456789012", "us-east-1"), KindUser, u.Id, "i1", u.Username, u.Arn, u.LastModifiedTime.Time, u)
}

func TestIndexUser(t *testing.T) {
	got := fullUser().Attrs
	want := []Attr{{TagPrefix + "team", "blue"}, {AttrUsername, "ann"}, {AttrFirstName, "Ann"}, {AttrLastName, "Lee"},
		RefAttr(KindRoutingProfile, "rp1"), RefAttr(KindSecurityProfile, "sp1"), RefAttr(KindSecurityProfile, "sp2"),
		RefAttr(KindHierarchyGroup, "g1")}
	if !slices.Equal(got, want) {
		t.Errorf("attributes\n got %v\nwant %v", got, want)
	}
}

func BenchmarkIndexUser(b *testing.B) {
	r := fullUser()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Index(); err != nil {
			b.Fatal(err)
		}
	}
}

package model_test

import (
	"strings"
	"testing"

	"github.com/connectd/connectd/model"
)

func TestEveryOperationCompiles(t *testing.T) {
	m := model.MustLoad()
	if n := len(m.Operations); n != 370 {
		t.Errorf("%d operations, want AWS's 370", n)
	}
	for _, name := range m.OperationNames() {
		if _, err := m.NewValidator(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestQuirkyPatterns(t *testing.T) {
	m := model.MustLoad()
	check := func(shape string, value string, ok bool) {
		t.Helper()
		v, err := m.ShapeValidator(shape)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate(value); (err == nil) != ok {
			t.Errorf("%s %q: accepted=%v, want %v (%v)", shape, value, err == nil, ok, err)
		}
	}
	// Password: 8-64 characters, no white space, a lower-case letter, an
	// upper-case letter and a digit.
	check("Password", "Passw0rd", true)
	check("Password", "Pa$$w0rd!~", true)
	check("Password", "passw0rd", false)
	check("Password", "PASSW0RD", false)
	check("Password", "Password", false)
	check("Password", "Pass w0rd", false)
	check("Password", "Passw0rd\n", false)
	check("Password", "Pa5s", false)
	check("Password", "Pa5"+strings.Repeat("s", 62), false)
	check("Password", "Pa5"+strings.Repeat("s", 61), true)
	// E.164, although the model doubles its backslashes.
	check("PhoneNumber", "+15555550100", true)
	check("PhoneNumber", "15555550100", false)
	check("PhoneNumber", "+1555555010012345", false)
	check("SensitivePhoneNumber", "+442071234567", true)
	// Look-ahead: no alias may start with d-.
	check("DirectoryAlias", "my-centre", true)
	check("DirectoryAlias", "d-centre", false)
	// Full-match: a pattern without anchors still matches the whole value.
	check("AwsRegion", "us-east-1", true)
	check("AwsRegion", "xus-east-1!", false)
	check("TagKey", "aws:owner", false)
	check("TagKey", "owner", true)
}

func TestMessagesHideSensitiveValues(t *testing.T) {
	m := model.MustLoad()
	v, err := m.NewValidator("CreateUser")
	if err != nil {
		t.Fatal(err)
	}
	err = v.Validate(map[string]any{
		"InstanceId":         "i",
		"Username":           strings.Repeat("u", 101),
		"Password":           "secret-password",
		"RoutingProfileId":   "r",
		"SecurityProfileIds": []any{"s"},
		"IdentityInfo":       map[string]any{"FirstName": strings.Repeat("Zelda", 60)},
	})
	msg := err.Error()
	if !strings.HasPrefix(msg, "3 validation errors detected: ") {
		t.Errorf("message %q", msg)
	}
	if !strings.Contains(msg, "Value '"+strings.Repeat("u", 101)+"' at 'username' failed to satisfy constraint: Member must have length less than or equal to 100") {
		t.Errorf("non-sensitive value not quoted: %q", msg)
	}
	if strings.Contains(msg, "secret-password") || strings.Contains(msg, "Zelda") {
		t.Errorf("message quotes a sensitive value: %q", msg)
	}
	if !strings.Contains(msg, "Value at 'password' failed") || !strings.Contains(msg, "Value at 'identityInfo.firstName' failed") {
		t.Errorf("message %q", msg)
	}
}

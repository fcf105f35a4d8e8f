package connect

import (
	"errors"
	"strings"
	"testing"
)

// cheap is a cost that hashes in no time; the parameters are in the hash.
var cheap = Argon2Params{Memory: 64, Iterations: 1, Threads: 1}

// A hash of any cost verifies its password and no other.
func TestCheckPassword(t *testing.T) {
	for _, p := range []Argon2Params{cheap, {Memory: 256, Iterations: 3, Threads: 2}} {
		hash, err := p.Hash("Passw0rd1")
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPassword(hash, "Passw0rd1"); err != nil {
			t.Errorf("%s: the right password: %v", hash, err)
		}
		if err := CheckPassword(hash, "Passw0rd2"); !errors.Is(err, ErrPasswordMismatch) {
			t.Errorf("%s: a wrong password: %v, want ErrPasswordMismatch", hash, err)
		}
	}
}

// A hash of an algorithm or version connectd does not know, or one it
// cannot read, is refused with an error that says so: never checked by
// another rule, never a panic, never a mere mismatch.
func TestCheckPasswordRefusesUnknownHashes(t *testing.T) {
	hash, err := cheap.Hash("Passw0rd1")
	if err != nil {
		t.Fatal(err)
	}
	_, tail, _ := strings.Cut(hash, "$m=")
	for _, tc := range []struct{ hash, want string }{
		{"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", `algorithm "2b" (connectd verifies argon2id)`},
		{"$argon2i$v=19$m=" + tail, `algorithm "argon2i"`},
		{"$argon2id$v=16$m=" + tail, "argon2id version 16 (connectd verifies version 19)"},
		{"$argon2id$m=" + tail, "names no version"},
		{"$argon2id$v=19$m=64,t=1,p=0$c2FsdA$aGFzaA", `argon2id parameters "m=64,t=1,p=0"`},
		{"$argon2id$v=19$m=64,t=0,p=1$c2FsdA$aGFzaA", `argon2id parameters "m=64,t=0,p=1"`},
		{"$argon2id$v=19$m=64,t=1,p=1,k=2$c2FsdA$aGFzaA", "argon2id parameters"},
		{"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$", "not unpadded base64"},
		{"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA$", "in 7 parts"},
		{"Passw0rd1", "not a PHC string"},
		{"", "not a PHC string"},
	} {
		err := CheckPassword(tc.hash, "Passw0rd1")
		if !errors.Is(err, ErrUnknownHash) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want ErrUnknownHash saying %q", tc.hash, err, tc.want)
		}
		if VerifyPassword(tc.hash, "Passw0rd1") {
			t.Errorf("%q verified", tc.hash)
		}
	}
}

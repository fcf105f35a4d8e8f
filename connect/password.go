package connect

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters of new password hashes.
// They are written into every hash, so changing them never breaks a
// stored one.
type Argon2Params struct {
	Memory     uint32 // KiB
	Iterations uint32
	Threads    uint8
}

// DefaultArgon2 is OWASP's first recommended argon2id configuration:
// 19 MiB of memory, 2 iterations, 1 degree of parallelism.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Iterations: 2, Threads: 1}

const saltLen, keyLen = 16, 32

// Hash returns password's argon2id hash in the PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
func (p Argon2Params) Hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrPasswordMismatch: the password is not the one a hash was made from.
var ErrPasswordMismatch = errors.New("connect: the password does not match its hash")

// ErrUnknownHash: a stored password hash is not one connectd can check (an
// algorithm or version it does not know, or not a PHC string at all).
// Verifying it by any other rule would be a guess.
var ErrUnknownHash = errors.New("connect: not a password hash connectd verifies")

// CheckPassword returns nil if password matches the hash encoded, an
// argon2id PHC string of any cost parameters; ErrPasswordMismatch if it
// does not; and an error wrapping ErrUnknownHash, saying what it does not
// know, for any other hash. Its messages never quote the salt or the key.
func CheckPassword(encoded, password string) error {
	parts := strings.Split(encoded, "$")
	if len(parts) < 3 || parts[0] != "" {
		return fmt.Errorf("%w: not a PHC string ($algorithm$v=version$parameters$salt$hash)", ErrUnknownHash)
	}
	if parts[1] != "argon2id" {
		return fmt.Errorf("%w: algorithm %q (connectd verifies argon2id)", ErrUnknownHash, parts[1])
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil {
		return fmt.Errorf("%w: an argon2id hash that names no version (connectd verifies version %d)", ErrUnknownHash, argon2.Version)
	}
	if version != argon2.Version {
		return fmt.Errorf("%w: argon2id version %d (connectd verifies version %d)", ErrUnknownHash, version, argon2.Version)
	}
	var p Argon2Params
	if len(parts) != 6 {
		return fmt.Errorf("%w: an argon2id hash in %d parts where there are 6", ErrUnknownHash, len(parts))
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Iterations, &p.Threads); err != nil ||
		p.Iterations < 1 || p.Threads < 1 || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Iterations, p.Threads) {
		// argon2 itself panics on no passes or no lanes.
		return fmt.Errorf("%w: argon2id parameters %q (want m=KiB,t=passes,p=lanes, at least one pass and one lane)", ErrUnknownHash, parts[3])
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return fmt.Errorf("%w: an argon2id salt or key that is not unpadded base64", ErrUnknownHash)
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrPasswordMismatch
	}
	return nil
}

// VerifyPassword reports whether password matches the hash encoded (see
// CheckPassword): a hash connectd does not know matches no password.
func VerifyPassword(encoded, password string) bool { return CheckPassword(encoded, password) == nil }

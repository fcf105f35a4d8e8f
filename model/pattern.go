package model

import (
	"regexp"
	"strings"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// matcher reports whether a whole string matches a model pattern.
type matcher interface {
	MatchString(string) bool
}

// regexp2Timeout bounds one match of a back-tracking pattern, so that no
// request can pin a core on a pathological input.
const regexp2Timeout = 50 * time.Millisecond

// normalizePattern undoes two quirks of botocore's patterns: a pattern
// written as a JavaScript literal (/^...$/), and backslashes doubled by a
// second round of escaping (`\\+[1-9]\\d` meaning `\+[1-9]\d`). No pattern
// in the Connect model means a literal backslash, so the second rule is safe.
func normalizePattern(p string) string {
	if len(p) >= 2 && strings.HasPrefix(p, "/") && strings.HasSuffix(p, "/") {
		p = p[1 : len(p)-1]
	}
	return strings.ReplaceAll(p, `\\`, `\`)
}

// compilePattern compiles a model pattern with full-match semantics, as
// AWS applies them. RE2 (Go's regexp) is used where it can express the
// pattern; look-ahead and \uXXXX escapes need regexp2.
func compilePattern(p string) (matcher, error) {
	p = normalizePattern(p)
	if re, err := regexp.Compile(`^(?:` + p + `)$`); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(`^(?:`+p+`)\z`, regexp2.None)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = regexp2Timeout
	return backtracking{re}, nil
}

type backtracking struct{ re *regexp2.Regexp }

func (b backtracking) MatchString(s string) bool {
	ok, err := b.re.MatchString(s)
	return ok && err == nil
}

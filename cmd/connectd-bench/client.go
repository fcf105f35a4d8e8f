package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Every request the harness sends is signed with SigV4 (service connect,
// us-east-1) by this key, as an SDK would sign it. moto needs a signature
// to know which service a request is for; connectd, which verifies
// nothing in permissive mode, takes the non-numeric key as account
// 123456789012, the account moto uses too.
var benchCredentials = aws.Credentials{AccessKeyID: "AKIDCONNECTDBENCH", SecretAccessKey: "connectd-bench-secret"}

const benchRegion = "us-east-1"

// spec is one request, independent of the server it goes to.
type spec struct {
	method string
	path   string // already escaped
	query  string
	body   []byte
}

// signer turns specs into the bytes of signed HTTP/1.1 requests. It is not
// safe for concurrent use: each goroutine has its own.
type signer struct {
	s    *v4.Signer
	addr string
	buf  bytes.Buffer
}

func newSigner(addr string) *signer {
	return &signer{s: v4.NewSigner(), addr: addr}
}

var emptyHash = hex.EncodeToString(sha256.New().Sum(nil))

// sign returns sp as a signed request for s's server, signed now: the
// signature stays valid for 15 minutes, so identical requests are signed
// once and sent many times within a measurement.
func (s *signer) sign(sp spec) []byte {
	u := "http://" + s.addr + sp.path
	if sp.query != "" {
		u += "?" + sp.query
	}
	var body io.Reader
	hash := emptyHash
	if sp.body != nil {
		body = bytes.NewReader(sp.body)
		sum := sha256.Sum256(sp.body)
		hash = hex.EncodeToString(sum[:])
	}
	req, err := http.NewRequest(sp.method, u, body)
	if err != nil {
		panic(err) // specs are built by this program
	}
	req.Header.Set("User-Agent", "connectd-bench")
	if sp.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := s.s.SignHTTP(context.Background(), benchCredentials, req, hash, "connect", benchRegion, time.Now()); err != nil {
		panic(err)
	}
	s.buf.Reset()
	if err := req.Write(&s.buf); err != nil {
		panic(err)
	}
	return bytes.Clone(s.buf.Bytes())
}

// signAll signs every spec for addr.
func signAll(addr string, specs []spec) [][]byte {
	s := newSigner(addr)
	out := make([][]byte, len(specs))
	for i, sp := range specs {
		out[i] = s.sign(sp)
	}
	return out
}

// conn is one keep-alive HTTP/1.1 connection that sends pre-built request
// bytes and reads answers with net/http's response parser: the least
// client-side work that still speaks HTTP properly (chunked bodies,
// Connection: close), so that as much of the machine as possible is left
// to the server measured.
type conn struct {
	addr string
	c    net.Conn
	br   *bufio.Reader
}

func (c *conn) close() {
	if c.c != nil {
		c.c.Close()
		c.c = nil
	}
}

// roundTrip sends req and reads the answer. The body is returned when keep
// is set or the status is not 2xx; otherwise it is read and dropped.
func (c *conn) roundTrip(req []byte, keep bool) (int, []byte, error) {
	if c.c == nil {
		nc, err := net.DialTimeout("tcp", c.addr, 5*time.Second)
		if err != nil {
			return 0, nil, err
		}
		c.c = nc
		if c.br == nil {
			c.br = bufio.NewReaderSize(nc, 64<<10)
		} else {
			c.br.Reset(nc)
		}
	}
	c.c.SetDeadline(time.Now().Add(2 * time.Minute))
	if _, err := c.c.Write(req); err != nil {
		c.close()
		return 0, nil, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		c.close()
		return 0, nil, err
	}
	var body []byte
	if keep || resp.StatusCode/100 != 2 {
		body, err = io.ReadAll(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	if err != nil {
		c.close()
		return 0, nil, err
	}
	if resp.Close {
		c.close()
	}
	return resp.StatusCode, body, nil
}

// call sends one set-up request on a fresh connection (retried once on a
// transport error) and wants a 2xx answer.
func call(addr string, sp spec) ([]byte, error) {
	req := newSigner(addr).sign(sp)
	var lastErr error
	for range 2 {
		c := &conn{addr: addr}
		status, body, err := c.roundTrip(req, true)
		c.close()
		if err != nil {
			lastErr = err
			continue
		}
		if status/100 != 2 {
			return nil, fmt.Errorf("%s %s: HTTP %d: %s", sp.method, sp.path, status, truncate(string(body), 300))
		}
		return body, nil
	}
	return nil, fmt.Errorf("%s %s: %w", sp.method, sp.path, lastErr)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

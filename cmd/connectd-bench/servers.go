package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server this program started.
type process struct {
	name    string
	cmd     *exec.Cmd
	addr    string
	startup time.Duration // from starting the process to its first answer
	done    chan error
	once    sync.Once
	stopErr error
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop asks the process to stop (SIGTERM) and kills it, by its own ID,
// when it has not stopped within 15 seconds. Only the first call acts.
func (p *process) stop() error {
	p.once.Do(func() { p.stopErr = p.terminate() })
	return p.stopErr
}

func (p *process) terminate() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
			return nil
		}
		return err
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("%s did not stop within 15 s of SIGTERM: killed", p.name)
	}
}

// startServer starts argv, its log going to logPath. When listenPrefix is
// not empty, the address is read from the first stdout line starting with
// it; otherwise it is addr. Start-up is measured from starting the process
// to the first answer to a signed ListInstances (GET /instance): any HTTP
// answer counts, which is what a client waiting for the server sees.
func startServer(name string, argv []string, env []string, logPath, listenPrefix, addr string) (*process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Stderr = logFile
	var stdout io.ReadCloser
	if listenPrefix != "" {
		if stdout, err = cmd.StdoutPipe(); err != nil {
			logFile.Close()
			return nil, err
		}
	} else {
		cmd.Stdout = logFile
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	p := &process{name: name, cmd: cmd, addr: addr, done: make(chan error, 1)}
	addrc := make(chan string, 1)
	if stdout != nil {
		go func() {
			sc := bufio.NewScanner(stdout)
			sent := false
			for sc.Scan() {
				line := sc.Text()
				fmt.Fprintln(logFile, line)
				if a, ok := strings.CutPrefix(line, listenPrefix); ok && !sent {
					addrc <- strings.TrimSpace(a)
					sent = true
				}
			}
			io.Copy(io.Discard, stdout)
		}()
	}
	go func() {
		err := cmd.Wait()
		logFile.Close()
		p.done <- err
	}()
	fail := func(err error) (*process, error) {
		cmd.Process.Kill()
		<-p.done
		log, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("%s: %w\n%s", name, err, truncate(string(log), 2000))
	}
	deadline := time.After(60 * time.Second)
	if stdout != nil {
		select {
		case p.addr = <-addrc:
		case err := <-p.done:
			p.done <- err
			return fail(fmt.Errorf("exited before listening: %v", err))
		case <-deadline:
			return fail(errors.New("printed no address within 60 s"))
		}
	}
	probe := newSigner(p.addr).sign(spec{method: "GET", path: "/instance"})
	for {
		c := &conn{addr: p.addr}
		_, _, err := c.roundTrip(probe, false)
		c.close()
		if err == nil {
			p.startup = time.Since(t0)
			return p, nil
		}
		select {
		case err := <-p.done:
			p.done <- err
			return fail(fmt.Errorf("exited before answering: %v", err))
		case <-deadline:
			return fail(errors.New("answered nothing within 60 s"))
		case <-time.After(time.Millisecond):
		}
	}
}

// ceilingOp is the operation a request to the ceiling is: by method and
// path as the model binds them, and for SearchUsers by its comparison.
func ceilingOp(method, path string, body []byte) string {
	switch {
	case method == "GET" && strings.HasPrefix(path, "/instance/"):
		return opDescribeInstance
	case method == "GET" && strings.HasPrefix(path, "/users/"):
		return opDescribeUser
	case method == "GET" && strings.HasPrefix(path, "/users-summary/"):
		return opListUsers
	case method == "POST" && path == "/search-users" && bytes.Contains(body, []byte(`"CONTAINS"`)):
		return opSearchContains
	case method == "POST" && path == "/search-users":
		return opSearchStarts
	case method == "PUT" && strings.HasPrefix(path, "/users/"):
		return opCreateSAML
	}
	return ""
}

// freePort returns a loopback address nothing listens on right now, for
// servers (moto) that cannot pick their own and say which.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// ceilingCommand is the hidden subcommand that runs the ceiling: this
// program started again, as a process of its own like the others.
const ceilingCommand = "ceiling-serve"

// ceilingServe is a bare net/http server answering every request with a
// fixed Connect-shaped answer: for each operation the bytes connectd gave
// for it, read from the file -answers (a JSON object of operation to
// answer). It reads the whole request, as a server must, and does nothing
// else: the most any Go HTTP server could do on this machine.
func ceilingServe(args []string) error {
	fs := flag.NewFlagSet(ceilingCommand, flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	answersPath := fs.String("answers", "", "JSON object: operation name to answer body")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var strs map[string]string
	b, err := os.ReadFile(*answersPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &strs); err != nil {
		return err
	}
	answers := map[string][]byte{}
	for k, v := range strs {
		answers[k] = []byte(v)
	}
	empty := []byte("{}")
	pick := func(r *http.Request, body []byte) []byte {
		if a, ok := answers[ceilingOp(r.Method, r.URL.Path, body)]; ok {
			return a
		}
		return empty
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Printf("ceiling listening on http://%s\n", ln.Addr())
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a := pick(r, body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["X-Amzn-Requestid"] = []string{"00000000-0000-0000-0000-000000000000"}
		w.Write(a)
	}))
}

// Command gen writes model/connect.json.gz: AWS's botocore model of the
// Connect API with its documentation strings removed.
//
// It reads the botocore copy that ships with Python's botocore and refuses
// to write anything unless its SHA-256 is the one that
// ../shared/connect-model/connect-users-model.json declares as its source,
// so the embedded model and the shared reference stay the same model.
//
//	go generate ./model
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/connectd/connectd/model"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: gen SHARED_USERS_MODEL OUTPUT")
	}
	usersModel, out := args[0], args[1]

	want, err := declaredSHA(usersModel)
	if err != nil {
		return err
	}
	src, err := botocorePath()
	if err != nil {
		return err
	}
	raw, err := gunzipFile(src)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("%s has sha256 %s, the shared model was made from %s", src, got, want)
	}

	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	stripDocs(doc)
	stripped, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(stripped)
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// declaredSHA reads source.primary.sha256_of_uncompressed_service-2.json.
func declaredSHA(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var m struct {
		Source struct {
			Primary map[string]string `json:"primary"`
		} `json:"source"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	sha := m.Source.Primary["sha256_of_uncompressed_service-2.json"]
	if sha == "" {
		return "", fmt.Errorf("%s declares no source sha256", path)
	}
	return sha, nil
}

// botocorePath finds the Connect model of the installed botocore, which
// must be the release model.BotocoreVersion names.
func botocorePath() (string, error) {
	out, err := exec.Command("python3", "-c", "import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		return "", fmt.Errorf("finding botocore (pip install botocore==%s): %w", model.BotocoreVersion, err)
	}
	version, dir, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if version != model.BotocoreVersion {
		return "", fmt.Errorf("botocore %s is installed; model.BotocoreVersion says %s: install it, or change BotocoreVersion to the release the new model comes from", version, model.BotocoreVersion)
	}
	return filepath.Join(dir, "data", "connect", "2017-08-08", "service-2.json.gz"), nil
}

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func stripDocs(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "documentation")
		delete(v, "documentationUrl")
		for _, c := range v {
			stripDocs(c)
		}
	case []any:
		for _, c := range v {
			stripDocs(c)
		}
	}
}

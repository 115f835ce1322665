package e2e

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// fetched is a file the page fetched with the person's cookies.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Data   string `json:"data"` // a data: URL
}

// download fetches a path inside the page, with the session cookies, as
// the browser's download would, and returns the bytes.
func (tb *tab) download(path string) ([]byte, string) {
	tb.t.Helper()
	f := eval[fetched](tb, `fetch(`+jsStr(path)+`, {credentials: "same-origin"}).then(r => r.blob().then(b => new Promise((ok, fail) => {
  const fr = new FileReader();
  fr.onload = () => ok({status: r.status, type: r.headers.get("content-type") || "", data: fr.result});
  fr.onerror = () => fail(fr.error);
  fr.readAsDataURL(b);
})))`)
	if f.Status != 200 {
		tb.t.Fatalf("GET %s: status %d", path, f.Status)
	}
	_, b64, ok := strings.Cut(f.Data, ";base64,")
	if !ok {
		tb.t.Fatalf("GET %s: unexpected data URL %.60q", path, f.Data)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		tb.t.Fatalf("GET %s: %v", path, err)
	}
	return b, f.Type
}

// pdfText checks that b is a PDF and returns its text (pdftotext).
func (tb *tab) pdfText(b []byte, contentType string) string {
	tb.t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		tb.t.Fatalf("download is not a PDF: starts %q", b[:min(len(b), 16)])
	}
	if !strings.HasPrefix(contentType, "application/pdf") {
		tb.t.Errorf("PDF served as %q", contentType)
	}
	_, err := exec.LookPath("pdftotext")
	need(tb.t, "pdftotext", "run make test-deps, or apt-get install poppler-utils", err == nil)
	f := filepath.Join(tb.t.TempDir(), "plan.pdf")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		tb.t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Package mailtest runs a real SMTP server for tests: mailpit, started on
// loopback ports of its own with STARTTLS (a certificate made for the
// test) and any login accepted, and read back through its HTTP API.
// `make test-deps` installs mailpit when it is missing.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is one running mailpit.
type Server struct {
	// URL is the SMTP URL to configure cpopath with (STARTTLS, a login).
	URL string
	// PlainURL reaches the same server without TLS.
	PlainURL string
	// Roots trusts the server's certificate.
	Roots *x509.CertPool
	api   string
}

// binary finds mailpit on PATH or where `go install` puts it.
func binary() (string, error) {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p, nil
	}
	gobin := os.Getenv("GOBIN")
	if gobin == "" {
		out, err := exec.Command("go", "env", "GOPATH").Output()
		if err != nil {
			return "", err
		}
		gobin = filepath.Join(strings.TrimSpace(string(out)), "bin")
	}
	p := filepath.Join(gobin, "mailpit")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("mailpit is not installed: run `make test-deps`")
	}
	return p, nil
}

// Start runs mailpit until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key, roots := certificate(t)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	smtpAddr, httpAddr := freeAddr(t), freeAddr(t)
	cmd := exec.Command(bin, "--smtp", smtpAddr, "--listen", httpAddr, "--database", filepath.Join(dir, "mailpit.db"),
		"--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, "--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--quiet")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	s := &Server{
		URL:      "smtp://tester:secret@" + smtpAddr,
		PlainURL: "smtp://" + smtpAddr + "?tls=none",
		Roots:    roots,
		api:      "http://" + httpAddr,
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(s.api + "/api/v1/messages")
		if err == nil {
			res.Body.Close()
			if c, err := net.Dial("tcp", smtpAddr); err == nil {
				c.Close()
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// certificate makes a self-signed certificate for 127.0.0.1.
func certificate(t testing.TB) (certPEM, keyPEM []byte, roots *x509.CertPool) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	roots = x509.NewCertPool()
	roots.AddCert(c)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), roots
}

// Message is one email as mailpit read it.
type Message struct {
	ID      string
	Subject string
	To      []string
	Text    string
	HTML    string
	Headers map[string][]string
}

// Wait returns the first message to addr whose subject contains subject
// (any subject when ""), waiting up to ten seconds for it to arrive.
func (s *Server) Wait(t testing.TB, addr, subject string) Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, m := range s.List(t, addr) {
			if strings.Contains(m.Subject, subject) {
				return s.get(t, m.ID)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no email to %s about %q arrived", addr, subject)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// List returns the summaries (ID, Subject, To) of messages to addr.
func (s *Server) List(t testing.TB, addr string) []Message {
	t.Helper()
	var out struct {
		Messages []struct {
			ID      string
			Subject string
			To      []struct{ Address string }
		}
	}
	s.getJSON(t, "/api/v1/search?query="+url.QueryEscape("to:"+addr), &out)
	var list []Message
	for _, m := range out.Messages {
		msg := Message{ID: m.ID, Subject: m.Subject}
		for _, to := range m.To {
			msg.To = append(msg.To, to.Address)
		}
		list = append(list, msg)
	}
	return list
}

func (s *Server) get(t testing.TB, id string) Message {
	var m struct {
		ID, Subject, Text, HTML string
		To                      []struct{ Address string }
	}
	s.getJSON(t, "/api/v1/message/"+id, &m)
	msg := Message{ID: m.ID, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	for _, to := range m.To {
		msg.To = append(msg.To, to.Address)
	}
	s.getJSON(t, "/api/v1/message/"+id+"/headers", &msg.Headers)
	return msg
}

func (s *Server) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	res, err := http.Get(s.api + path)
	if err != nil {
		t.Fatalf("mailpit API: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("mailpit API %s: %s", path, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("mailpit API %s: %v", path, err)
	}
}

package web_test

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cpopath/app/web"
)

// TestServerSurvivesRunningOutOfFiles runs the app in a child process
// with 64 file descriptors, floods it with idle connections until
// accepting fails with "too many open files", lets them go, and expects
// it to serve again: the server used to stop on that error.
func TestServerSurvivesRunningOutOfFiles(t *testing.T) {
	if os.Getenv("CPOPATH_FD_CHILD") != "" {
		fdChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerSurvivesRunningOutOfFiles$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CPOPATH_FD_CHILD="+filepath.Join(t.TempDir(), "fd.db"))
	out, _ := cmd.StdoutPipe()
	stderr := &lockedBuilder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	exited := make(chan error, 1)
	lines := bufio.NewScanner(out)
	var addr string
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "ADDR "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatalf("the child did not start: %s", stderr.String())
	}
	go func() { io.Copy(io.Discard, out); exited <- cmd.Wait() }()

	var conns []net.Conn
	for range 150 {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		conns = append(conns, c)
	}
	time.Sleep(500 * time.Millisecond) // the server meets the limit
	for _, c := range conns {
		c.Close()
	}
	select {
	case err := <-exited:
		t.Fatalf("the server stopped after %d connections: %v\n%s", len(conns), err, stderr.String())
	default:
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 200 from /healthz after the flood: %v\n%s", err, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "too many open files") {
		t.Errorf("the child never ran out of files, so the case was not tested:\n%s", stderr.String())
	}
}

// fdChild serves the app on loopback with a limit of 64 open files.
func fdChild(t *testing.T) {
	e := newApp(t, os.Getenv("CPOPATH_FD_CHILD"), nil)
	lim := syscall.Rlimit{Cur: 64, Max: 64}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ADDR " + ln.Addr().String())
	err = e.app.Listener(web.NewListener(ln, 0, textLogger(os.Stderr)))
	t.Fatalf("server stopped: %v", err)
}

func textLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// lockedBuilder collects a child's output while the test reads it.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestConnectionCaps: beyond the cap per address (the listener's) a
// connection is answered 429, beyond the total cap (fasthttp's, set
// through Fiber) 503, and closed.
func TestConnectionCaps(t *testing.T) {
	for _, tt := range []struct {
		name       string
		cfg        func(*web.Config)
		perIP      int
		wantStatus string
	}{
		{"per address", nil, 4, "HTTP/1.1 429"},
		{"in total", func(c *web.Config) { c.MaxConns = 4 }, 0, "HTTP/1.1 503"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, tt.cfg)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go e.app.Listener(web.NewListener(ln, tt.perIP, discardLogger()))
			t.Cleanup(func() { e.app.Shutdown() })
			base := "http://" + ln.Addr().String()
			addr := strings.TrimPrefix(base, "http://")
			var held []net.Conn
			for range 4 {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				held = append(held, c)
			}
			time.Sleep(100 * time.Millisecond) // the server has them all
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			line, _ := bufio.NewReader(c).ReadString('\n')
			if !strings.HasPrefix(line, tt.wantStatus) {
				t.Fatalf("the fifth connection got %q, want %q", line, tt.wantStatus)
			}
			for _, h := range held {
				h.Close()
			}
			// The server notices the others leaving as it reads from them.
			deadline := time.Now().Add(5 * time.Second)
			for {
				res, err := http.Get(base + "/healthz")
				if err == nil {
					res.Body.Close()
					if res.StatusCode == http.StatusOK {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("after the others left: %v %v", res, err)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

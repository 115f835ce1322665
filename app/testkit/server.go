// Package testkit is the one kit of every test suite and of `make bench`:
// it builds the real cpopath binary, runs it on a loopback port over a
// database file and drives it the way a browser does (a client that keeps
// cookies and reads the CSRF token, journeys, checks of what a page must
// show), so every suite measures and proves the program that ships, not a
// test double.
package testkit

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ModuleRoot returns the directory holding go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("testkit: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("testkit: not inside the cpopath module")
	}
	return filepath.Dir(gomod), nil
}

// Build compiles ./app into dir and returns the binary's path. With race
// the server is built with the race detector, so a load test also hunts
// data races in the server; tags are build tags (app/bench passes "bench"
// for its bare handler).
func Build(dir string, race bool, tags ...string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "cpopath")
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command("go", append(args, "./app")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("testkit: go build: %w\n%s", err, out)
	}
	return bin, nil
}

// Server is one running cpopath process.
type Server struct {
	Bin  string
	DB   string
	Addr string // host:port
	Base string // http://host:port
	// Ready is the time from starting the process to its first 200 on
	// /healthz.
	Ready time.Duration

	cmd    *exec.Cmd
	stderr *LockedBuffer
	done   chan struct{}
	err    error // set when done is closed
}

// Options changes how a server is started.
type Options struct {
	Env  []string // extra KEY=VALUE pairs
	Args []string // extra flags
	// Addr to listen on; a free loopback port when empty.
	Addr string
	// Stderr receives the server's log; kept in memory when nil.
	Stderr *os.File
}

// FreeAddr returns a loopback address with a port nobody listens on.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Start runs bin over db and waits until /healthz answers 200.
func Start(bin, db string, o Options) (*Server, error) {
	addr := o.Addr
	if addr == "" {
		var err error
		if addr, err = FreeAddr(); err != nil {
			return nil, err
		}
	}
	s := &Server{Bin: bin, DB: db, Addr: addr, Base: "http://" + addr, stderr: &LockedBuffer{}, done: make(chan struct{})}
	args := append([]string{"-addr", addr, "-db", db}, o.Args...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = append(append(os.Environ(), "CPOPATH_DEV=0"), o.Env...)
	if o.Stderr != nil {
		s.cmd.Stderr = o.Stderr
	} else {
		s.cmd.Stderr = s.stderr
	}
	hc := &http.Client{Timeout: 200 * time.Millisecond, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("testkit: start: %w", err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	deadline := start.Add(20 * time.Second)
	for {
		res, err := hc.Get(s.Base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.Ready = time.Since(start)
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("testkit: server exited before it was healthy: %v\n%s", s.err, s.Log())
		default:
		}
		if time.Now().After(deadline) {
			s.Kill()
			return nil, fmt.Errorf("testkit: server not healthy after 20s\n%s", s.Log())
		}
		time.Sleep(time.Millisecond)
	}
}

// PID returns the process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Log returns what the server wrote to stderr, when it was kept.
func (s *Server) Log() string { return s.stderr.String() }

// Kill ends the server with SIGKILL, as a power cut or the OOM killer
// would, and waits for it to be gone.
func (s *Server) Kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// Stop asks the server to shut down (SIGTERM) and waits up to 15 s.
func (s *Server) Stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		var ee *exec.ExitError
		if errors.As(s.err, &ee) {
			return fmt.Errorf("testkit: server exited: %w", s.err)
		}
		return nil
	case <-time.After(15 * time.Second):
		s.Kill()
		return errors.New("testkit: server did not stop within 15s")
	}
}

// PeakRSS returns the process's peak resident memory in bytes (VmHWM).
func (s *Server) PeakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.PID()))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 || f[1] != "kB" {
				return 0, fmt.Errorf("testkit: odd VmHWM line %q", line)
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("testkit: no VmHWM in /proc status")
}

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// LockedBuffer is an io.Writer that goroutines may share, such as a
// server's log; it keeps the last few MB.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Keep the last few MB: a long load run logs a line per request.
	if l.b.Len() > 8<<20 {
		rest := append([]byte(nil), l.b.Bytes()[l.b.Len()-(4<<20):]...)
		l.b.Reset()
		l.b.Write(rest)
	}
	return l.b.Write(p)
}

// String returns what was written (the last few MB of it).
func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// CPUTime returns the CPU time the process has used so far (user and
// system, from /proc).
func (s *Server) CPUTime() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.PID()))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; the fields after it are fixed.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("testkit: odd /proc stat %q", b)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("testkit: odd /proc stat %q", b)
	}
	// Clock ticks are 100 per second on Linux.
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

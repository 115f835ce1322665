package web

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"syscall"
	"time"
)

// steadyListener keeps accepting through errors that pass: the server
// underneath (fasthttp) takes any accept error but a timeout as the end
// of the listener, so running out of file descriptors under a flood of
// connections stopped the whole server. Here such an error waits a
// little, longer each time in a row, and accepting goes on.
//
// It also caps the connections from one address (perIP, 0 for none): a
// connection beyond the cap is answered 429 and closed. fasthttp has a
// setting for this, but in the version Fiber v2 uses its connections
// release their count twice when the server shuts down (a data race).
type steadyListener struct {
	net.Listener
	log   *slog.Logger
	perIP int
	mu    sync.Mutex
	open  map[string]int // connections open per address
}

// NewListener wraps ln so that the server survives temporary accept
// errors (too many open files, no buffers or memory, a connection aborted
// before it was accepted) and holds at most perIP connections from one
// address (0: no cap).
func NewListener(ln net.Listener, perIP int, log *slog.Logger) net.Listener {
	return &steadyListener{Listener: ln, log: log, perIP: perIP, open: map[string]int{}}
}

// Longest wait between accept attempts after a temporary error.
const maxAcceptBackoff = time.Second

func (l *steadyListener) Accept() (net.Conn, error) {
	for {
		c, err := l.accept()
		if err != nil || l.perIP <= 0 {
			return c, err
		}
		if counted := l.count(c); counted != nil {
			return counted, nil
		}
	}
}

// tooMany answers a connection beyond the cap for its address.
const tooMany = "HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

// count registers c under its address, or answers and closes it (and
// returns nil) when the address is at its cap.
func (l *steadyListener) count(c net.Conn) net.Conn {
	ip := c.RemoteAddr().String()
	if a, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		ip = a.IP.String()
	}
	l.mu.Lock()
	full := l.open[ip] >= l.perIP
	if !full {
		l.open[ip]++
	}
	l.mu.Unlock()
	if full {
		c.SetWriteDeadline(time.Now().Add(time.Second))
		io.WriteString(c, tooMany)
		c.Close()
		return nil
	}
	return &countedConn{Conn: c, release: func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.open[ip]--; l.open[ip] <= 0 {
			delete(l.open, ip)
		}
	}}
}

// countedConn gives its place back once, however often it is closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

func (l *steadyListener) accept() (net.Conn, error) {
	wait := 5 * time.Millisecond
	var logged time.Time
	for {
		c, err := l.Listener.Accept()
		if err == nil || !temporaryAccept(err) {
			return c, err
		}
		if time.Since(logged) > 10*time.Second {
			l.log.Error("accepting connections failed; retrying", "err", err, "wait", wait.String())
			logged = time.Now()
		}
		time.Sleep(wait)
		wait = min(2*wait, maxAcceptBackoff)
	}
}

func temporaryAccept(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED, syscall.EPROTO, syscall.EPERM} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

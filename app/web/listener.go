package web

import (
	"errors"
	"log/slog"
	"net"
	"syscall"
	"time"
)

// steadyListener keeps accepting through errors that pass: the server
// underneath (fasthttp) takes any accept error but a timeout as the end
// of the listener, so running out of file descriptors under a flood of
// connections stopped the whole server. Here such an error waits a
// little, longer each time in a row, and accepting goes on.
type steadyListener struct {
	net.Listener
	log *slog.Logger
}

// NewListener wraps ln so that the server survives temporary accept
// errors: too many open files, no buffers or memory, a connection
// aborted before it was accepted.
func NewListener(ln net.Listener, log *slog.Logger) net.Listener {
	return &steadyListener{Listener: ln, log: log}
}

// Longest wait between accept attempts after a temporary error.
const maxAcceptBackoff = time.Second

func (l *steadyListener) Accept() (net.Conn, error) {
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

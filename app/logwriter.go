package main

import (
	"io"
	"sync"
	"time"
)

// logWriter batches log lines: one write system call per request to a
// file, pipe or journal costs more than serving a cached page, so lines
// are collected and written every interval or when the buffer fills. A
// crash loses at most one interval of log lines, never data.
type logWriter struct {
	mu   sync.Mutex
	w    io.Writer
	buf  []byte
	stop chan struct{}
	done chan struct{}
}

const logBufferSize = 64 << 10

func newLogWriter(w io.Writer, every time.Duration) *logWriter {
	l := &logWriter{w: w, buf: make([]byte, 0, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop(every)
	return l
}

// Write keeps p, a whole log line, for the next flush.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf)+len(p) > logBufferSize {
		l.flushLocked()
	}
	l.buf = append(l.buf, p...)
	return len(p), nil
}

func (l *logWriter) flushLocked() {
	if len(l.buf) == 0 {
		return
	}
	// A failing log destination must not stop the server; the line is
	// dropped as it would be by a full pipe.
	l.w.Write(l.buf)
	l.buf = l.buf[:0]
}

func (l *logWriter) loop(every time.Duration) {
	defer close(l.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.mu.Lock()
			l.flushLocked()
			l.mu.Unlock()
		}
	}
}

// Close writes what is buffered and stops the flushing.
func (l *logWriter) Close() error {
	close(l.stop)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flushLocked()
	return nil
}

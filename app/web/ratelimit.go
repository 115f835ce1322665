package web

import (
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// rateLimiter allows at most limit attempts per key in a fixed window that
// starts with the key's first attempt. It lives in memory: a restart
// forgets it, which is acceptable for slowing down password guessing on a
// single server.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	hits   map[string]*rateWindow
}

type rateWindow struct {
	count int
	start time.Time
}

// rateLimiterKeys bounds the memory a flood of distinct keys can take:
// past it, expired windows are swept before a new key is added.
const rateLimiterKeys = 10000

func newRateLimiter(limit int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, now: now, hits: map[string]*rateWindow{}}
}

// allow takes one attempt for key. It reports false, with how long until
// the window ends, when key has used up its attempts; a refused attempt is
// not counted.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.hits[key]
	if w != nil && now.Sub(w.start) >= l.window {
		w = nil
	}
	if w == nil {
		if len(l.hits) >= rateLimiterKeys {
			l.sweep(now)
		}
		w = &rateWindow{start: now}
		// The key often comes from the request (an address, an email),
		// whose memory Fiber reuses: a key kept without a copy changes
		// under the map, and the limit stops counting.
		l.hits[strings.Clone(key)] = w
	}
	if w.count >= l.limit {
		return false, w.start.Add(l.window).Sub(now)
	}
	w.count++
	return true, 0
}

// peek reports whether key has attempts left, without taking one, and
// when not, how long until its window ends.
func (l *rateLimiter) peek(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window || w.count < l.limit {
		return true, 0
	}
	return false, w.start.Add(l.window).Sub(now)
}

// undo gives back an attempt taken with allow, for an attempt that turned
// out to be legitimate.
func (l *rateLimiter) undo(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.hits[key]; w != nil && w.count > 0 {
		w.count--
	}
}

// reset forgets key.
func (l *rateLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}

func (l *rateLimiter) sweep(now time.Time) {
	for k, w := range l.hits {
		if now.Sub(w.start) >= l.window {
			delete(l.hits, k)
		}
	}
}

// clientIP is the address rate limits count by. Behind a trusted proxy it
// is the last X-Forwarded-For entry, the one the proxy itself added: the
// entries before it are whatever the client chose to send.
func (h *handler) clientIP(c *fiber.Ctx) string {
	if h.cfg.TrustProxy {
		xff := c.Get(fiber.HeaderXForwardedFor)
		if i := strings.LastIndexByte(xff, ','); i >= 0 {
			xff = xff[i+1:]
		}
		if ip := strings.TrimSpace(xff); ip != "" {
			return ip
		}
	}
	return c.Context().RemoteIP().String()
}

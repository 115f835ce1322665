package web

import (
	"strings"
	"sync"
	"time"
)

// throttle slows down password guessing without letting anyone lock the
// owner out. Failures count per account and address pair: after a few,
// that pair waits a growing delay between tries, and past a limit the
// address waits for everything (the limit per address). The owner, at any
// other address, still signs in with the right password: what one address
// does never refuses another. Failures per account across all addresses
// only slow the answer down a little (a short wait before checking), which
// stretches a guessing crowd's work without refusing anyone.
type throttle struct {
	mu       sync.Mutex
	now      func() time.Time
	pairs    map[string]*failures // account + "\x00" + address
	accounts map[string]*failures
	addrs    *rateLimiter // failures per address
}

type failures struct {
	n    int
	last time.Time
}

// Throttle settings.
const (
	pairFree     = 3                // failures of a pair before delays start
	pairDelayMax = 15 * time.Minute // the longest delay between tries
	accountFree  = 10               // failures of an account before it slows
	accountWait  = 3 * time.Second  // the longest slow-down of an answer
	forgetAfter  = time.Hour        // quiet time after which failures are forgotten
	addrLimit    = 10               // failures per address …
	addrWindow   = 15 * time.Minute // … in this window
)

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, pairs: map[string]*failures{}, accounts: map[string]*failures{},
		addrs: newRateLimiter(addrLimit, addrWindow, now)}
}

// wait says how long account from addr must wait before the next try is
// checked; 0 means now.
func (t *throttle) wait(account, addr string) time.Duration {
	if ok, w := t.addrs.peek(addr); !ok {
		return w
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.get(t.pairs, account+"\x00"+addr)
	if f == nil || f.n < pairFree {
		return 0
	}
	shift := min(f.n-pairFree, 20)
	d := min(time.Second<<shift, pairDelayMax)
	if left := f.last.Add(d).Sub(t.now()); left > 0 {
		return left
	}
	return 0
}

// slowdown is how long to hold the answer for account, growing with its
// failures from every address, at most accountWait.
func (t *throttle) slowdown(account string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.get(t.accounts, account)
	if f == nil || f.n < accountFree {
		return 0
	}
	shift := min(f.n-accountFree, 10)
	return min(250*time.Millisecond<<shift, accountWait)
}

// failed counts a wrong password (or code) for account from addr.
func (t *throttle) failed(account, addr string) {
	t.addrs.allow(addr)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range []struct {
		m   map[string]*failures
		key string
	}{{t.pairs, account + "\x00" + addr}, {t.accounts, account}} {
		f := t.get(k.m, k.key)
		if f == nil {
			if len(k.m) >= rateLimiterKeys {
				t.sweep(k.m, now)
			}
			f = &failures{}
			k.m[strings.Clone(k.key)] = f
		}
		f.n++
		f.last = now
	}
}

// succeeded forgets the failures of account from addr, and of the
// account: its owner is in.
func (t *throttle) succeeded(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, account+"\x00"+addr)
	delete(t.accounts, account)
}

// get returns the live failures under key, forgetting old ones.
func (t *throttle) get(m map[string]*failures, key string) *failures {
	f := m[key]
	if f != nil && t.now().Sub(f.last) >= forgetAfter {
		delete(m, key)
		return nil
	}
	return f
}

func (t *throttle) sweep(m map[string]*failures, now time.Time) {
	for k, f := range m {
		if now.Sub(f.last) >= forgetAfter {
			delete(m, k)
		}
	}
}

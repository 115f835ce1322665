package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/valyala/fasthttp"

	"cpopath/app/assess"
	"cpopath/app/testkit"
)

// The answer saves are driven by a Go load generator rather than wrk: each
// connection must save into its own attempt, and every acknowledged save
// must be checked in the database afterwards, which needs to know exactly
// which request got which response. wrk's Lua cannot tie a request to a
// connection, and counting 2xx in done() would not say which answers to
// look for. Each of the conns goroutines sends one request at a time, so
// at most conns are in flight, as with wrk's connections.

// saver is one connection's worth of saves: one browser, one open attempt.
type saver struct {
	b       *testkit.Browser
	account string            // the signed-in user's email; empty for a guest
	acked   map[string]string // item → last value the server acknowledged
	pending map[string]bool   // item whose last request got no answer
	lat     []time.Duration
	ok, bad int
	s5xx    int
	errs    int
	lastErr string
}

type saveResult struct {
	Saves     int // acknowledged
	Failed    int // non-2xx or transport errors
	Status5xx int
	Duration  time.Duration
	P50, P99  time.Duration
	// Verified is how many of the acknowledged (item, last value) pairs
	// were found in the database; Checked how many were looked for.
	Verified, Checked int
	Missing           []string
	ServerCPU         time.Duration
}

func (r saveResult) PerSecond() float64 { return float64(r.Saves) / r.Duration.Seconds() }

// benchSaves runs conns savers for d, each saving answers of its own open
// attempt through the autosave endpoint, then checks the database.
func benchSaves(base, dbPath string, cpu func() (time.Duration, error), ident identity, a *assess.Assessment, conns int, d time.Duration, firstID int) (saveResult, error) {
	savers := make([]*saver, conns)
	for i := range savers {
		b, account, err := ident.browser(base, firstID+i)
		if err != nil {
			return saveResult{}, err
		}
		if err := b.Start(a); err != nil {
			return saveResult{}, err
		}
		savers[i] = &saver{b: b, account: account, acked: map[string]string{}, pending: map[string]bool{}}
	}
	var wg sync.WaitGroup
	cpuBefore, err := cpu()
	if err != nil {
		return saveResult{}, err
	}
	start := time.Now()
	deadline := start.Add(d)
	hc := &fasthttp.HostClient{Addr: strings.TrimPrefix(base, "http://"), MaxConns: conns}
	for i, s := range savers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.run(hc, a, i, deadline)
		}()
	}
	wg.Wait()
	res := saveResult{Duration: time.Since(start)}
	cpuAfter, err := cpu()
	if err != nil {
		return res, err
	}
	res.ServerCPU = cpuAfter - cpuBefore
	var all []time.Duration
	for _, s := range savers {
		res.Saves += s.ok
		res.Failed += s.bad + s.errs
		res.Status5xx += s.s5xx
		all = append(all, s.lat...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if len(all) > 0 {
		res.P50 = all[len(all)*50/100]
		res.P99 = all[min(len(all)-1, len(all)*99/100)]
	}
	for _, s := range savers {
		if s.lastErr != "" {
			return res, fmt.Errorf("saves failed: %s", s.lastErr)
		}
	}
	return res, verifySaves(dbPath, savers, &res)
}

// run saves until the deadline over its own connection. The requests are
// what the autosave script sends; the client is fasthttp's, which costs
// the machine a fraction of net/http's, so that the measurement is the
// server's and not the load generator's.
func (s *saver) run(hc *fasthttp.HostClient, a *assess.Assessment, id int, deadline time.Time) {
	path := "/assess/" + a.ID + "/answer"
	cookie := s.b.CookieHeader()
	req, res := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(res)
	n := id * 7
	for time.Now().Before(deadline) {
		it := &a.Items[n%len(a.Items)]
		v := testkit.Pick(a, it, n/len(a.Items)+id)
		n++
		req.Reset()
		req.Header.SetMethod(fasthttp.MethodPost)
		req.SetRequestURI(s.b.Base + path)
		req.Header.Set("Cookie", cookie)
		req.Header.Set("X-Csrf-Token", s.b.CSRF)
		req.Header.Set("X-Requested-With", "fetch")
		req.Header.Set("Accept", "application/json")
		req.Header.SetContentType("application/x-www-form-urlencoded")
		req.SetBodyString(url.Values{"item": {it.ID}, "value": {v}}.Encode())
		start := time.Now()
		err := hc.DoTimeout(req, res, 30*time.Second)
		took := time.Since(start)
		if err != nil {
			s.errs++
			s.pending[it.ID] = true
			s.lastErr = err.Error()
			continue
		}
		s.lat = append(s.lat, took)
		status, body := res.StatusCode(), res.Body()
		switch {
		case status == http.StatusOK:
			var reply struct{ Answered, Total int }
			if err := json.Unmarshal(body, &reply); err != nil || reply.Total != len(a.Items) {
				s.bad++
				s.lastErr = "odd autosave answer: " + string(body)
				continue
			}
			s.ok++
			s.acked[it.ID] = v
			delete(s.pending, it.ID)
		case status >= 500:
			s.s5xx++
			s.bad++
			s.lastErr = fmt.Sprintf("status %d: %.200s", status, body)
		default:
			s.bad++
			s.lastErr = fmt.Sprintf("status %d: %.200s", status, body)
		}
	}
}

// verifySaves reads each saver's open attempt from the database and checks
// that the last acknowledged value of every item is the stored one.
func verifySaves(dbPath string, savers []*saver, res *saveResult) error {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	for i, s := range savers {
		stored, err := testkit.OpenAnswers(ctx, db, s.b, s.account)
		if err != nil {
			return fmt.Errorf("saver %d: %w", i, err)
		}
		for item, v := range s.acked {
			if s.pending[item] {
				continue // a later save got no answer: either value may stand
			}
			res.Checked++
			if stored[item] == v {
				res.Verified++
			} else {
				res.Missing = append(res.Missing, fmt.Sprintf("saver %d %s: acknowledged %q, stored %q", i, item, v, stored[item]))
			}
		}
	}
	return nil
}

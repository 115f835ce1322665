package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

// targetTeamView is the target for the team view of 500 members.
const targetTeamView = 50 * time.Millisecond

// teamResult is the team view's latency from the server: the first view
// after seeding (every result read and decoded) and then warm views.
type teamResult struct {
	members int
	first   time.Duration
	warm    []time.Duration // sorted
}

// benchTeamView seeds a team of n members with results and plans into the
// running server's database and fetches its view one request at a time.
func benchTeamView(base, db string, deps web.Deps, n, requests int) (teamResult, error) {
	r := teamResult{members: n}
	seeded, err := testkit.SeedTeam(context.Background(), db, deps, n, time.Now())
	if err != nil {
		return r, err
	}
	b := testkit.NewBrowser(base)
	b.Cookies["cp_session"] = seeded.Session
	path := fmt.Sprintf("/teams/%d", seeded.ID)
	for i := 0; i <= requests; i++ {
		t0 := time.Now()
		res, err := b.Get(path)
		d := time.Since(t0)
		if err != nil {
			return r, err
		}
		if res.Status != 200 || !strings.Contains(res.Body, `class="heatmap"`) {
			return r, fmt.Errorf("team view: status %d without a heatmap", res.Status)
		}
		if i == 0 {
			r.first = d
			continue
		}
		r.warm = append(r.warm, d)
	}
	sort.Slice(r.warm, func(i, j int) bool { return r.warm[i] < r.warm[j] })
	return r, nil
}

func (r teamResult) ok() bool { return len(r.warm) > 0 && r.warm[len(r.warm)/2] < targetTeamView }

package web_test

import (
	"hash/fnv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cpopath/app/assess"
)

// The kinds of visitor of a team's routes.
const (
	tOrganiser = "organiser"
	tCo        = "co-organiser"
	tMember    = "member" // the sharing member
	tFormer    = "former" // left the team
	tNon       = "non-member"
	tGuest     = "guest"
)

var teamVisitors = []string{tOrganiser, tCo, tMember, tFormer, tNon, tGuest}

// teamWorld is a team of six members (one sharing), an organiser, a
// co-organiser, a former member and an outsider.
type teamWorld struct {
	e       *env
	c       map[string]*client
	id      string // the team's id
	url     string // /teams/{id}
	token   string // an open join link's token
	members []*client
	sharer  string // the sharing member's id
	// hidden are strings of members who do not share (their result ids),
	// which no organiser route may show.
	hidden []string
	shared string // the sharer's result id
}

var joinLinkRE = regexp.MustCompile(`/join/([A-Za-z0-9_-]{43})"`)

// varied answers an item differently per person k, so a team has spread.
func varied(k int) func(*assess.Item) string {
	return func(it *assess.Item) string {
		h := fnv.New32a()
		h.Write([]byte(it.ID))
		n := int(h.Sum32()) + k*7
		if it.Kind == assess.KindRated {
			return itoa(n%5 + 1)
		}
		return it.Options[n%len(it.Options)].ID
	}
}

// newTeamLink makes a join link as c and returns its token.
func newTeamLink(t *testing.T, c *client, teamURL string) string {
	t.Helper()
	mustStatus(t, c.post(teamURL+"/links", url.Values{"days": {"14"}}), http.StatusSeeOther)
	m := joinLinkRE.FindStringSubmatch(c.get(teamURL + "/manage").body)
	if m == nil {
		t.Fatal("no join link shown after creating one")
	}
	return m[1]
}

// join makes c a member through the link, sharing or not.
func join(t *testing.T, c *client, token string, share bool) {
	t.Helper()
	f := url.Values{}
	if share {
		f.Set("share", "1")
	}
	mustStatus(t, c.post("/join/"+token, f), http.StatusSeeOther)
}

func newTeamWorld(t *testing.T, members int) *teamWorld {
	t.Helper()
	return newTeamWorldIn(t, newEnv(t), members)
}

// newTeamWorldIn is newTeamWorld in a given app (one with email, say).
func newTeamWorldIn(t *testing.T, e *env, members int) *teamWorld {
	t.Helper()
	a := e.deps.Assessments.Get("cpo-skills")
	w := &teamWorld{e: e, c: map[string]*client{}}
	w.c[tOrganiser] = signUp(t, e, "Orla Organiser")
	w.c[tCo] = signUp(t, e, "Cora Coorganiser")
	w.c[tFormer] = signUp(t, e, "Fred Formermember")
	w.c[tNon] = signUp(t, e, "Nora Nonmember")
	w.c[tGuest] = e.client()
	w.c[tGuest].get("/signin")

	r := w.c[tOrganiser].post("/teams", url.Values{"name": {"Partner Team Nord"}, "description": {"Our EMEA partner managers"}})
	mustStatus(t, r, http.StatusSeeOther)
	w.url = strings.TrimSuffix(r.location(), "/manage")
	w.id = strings.TrimPrefix(w.url, "/teams/")
	w.token = newTeamLink(t, w.c[tOrganiser], w.url)

	join(t, w.c[tCo], w.token, false)
	coID := idStr(userID(t, e, "Cora Coorganiser"))
	mustStatus(t, w.c[tOrganiser].post(w.url+"/members/"+coID+"/role", url.Values{"role": {"co_organiser"}}), http.StatusSeeOther)

	for k := 0; k < members; k++ {
		name := "Member " + string(rune('A'+k)) + " Quokka"
		if k == 0 {
			name = "Sharon Sharer"
		}
		c := signUp(t, e, name)
		join(t, c, w.token, k == 0)
		res := strings.TrimPrefix(answerAll(t, c, a, varied(k)), "/results/")
		if k == 0 {
			w.shared = res
			w.sharer = idStr(userID(t, e, name))
			mustStatus(t, c.post("/plan/target", url.Values{"role": {"vp-partnerships"}, "horizon": {"12"}}), http.StatusSeeOther)
			w.c[tMember] = c
		} else {
			w.hidden = append(w.hidden, res)
		}
		w.members = append(w.members, c)
	}
	join(t, w.c[tFormer], w.token, true)
	w.hidden = append(w.hidden, strings.TrimPrefix(answerAll(t, w.c[tFormer], a, varied(99)), "/results/"))
	mustStatus(t, w.c[tFormer].post("/me/teams/"+w.id+"/leave", nil), http.StatusSeeOther)
	for _, c := range w.c {
		c.refresh()
	}
	return w
}

// exposes fails when body shows anything of a member who does not share.
func (w *teamWorld) exposes(t *testing.T, what, body string) {
	t.Helper()
	for _, h := range w.hidden {
		if strings.Contains(body, h) {
			t.Errorf("%s shows the result %s of a member who does not share", what, h)
		}
	}
	if strings.Contains(body, "Fred Formermember") {
		t.Errorf("%s still names the former member", what)
	}
}

func TestTeamRoutesWithEveryVisitor(t *testing.T) {
	w := newTeamWorld(t, 6)
	org := func(status int) access {
		return access{tOrganiser: status, tCo: status, tMember: 404, tFormer: 404, tNon: 404, tGuest: 303}
	}
	signedIn := access{tOrganiser: 200, tCo: 200, tMember: 200, tFormer: 200, tNon: 200, tGuest: 303}
	routes := []struct {
		path string
		want access
	}{
		{"/teams", signedIn},
		{"/me/teams", signedIn},
		{"/me/export", signedIn},
		{w.url, org(200)},
		{w.url + "?since=3", org(200)},
		{w.url + "/manage", org(200)},
		{w.url + "/report.pdf", org(200)},
		{w.url + "/report.csv?since=6", org(200)},
		{w.url + "/members/" + w.sharer + "/plan", org(200)},
		{"/join/" + w.token, access{tOrganiser: 200, tCo: 200, tMember: 200, tFormer: 200, tNon: 200, tGuest: 200}},
		{"/results/" + w.shared, access{tOrganiser: 200, tCo: 200, tMember: 200, tFormer: 404, tNon: 404, tGuest: 404}},
	}
	for _, rt := range routes {
		for _, v := range teamVisitors {
			t.Run(v+" "+rt.path, func(t *testing.T) {
				r := w.c[v].get(rt.path)
				if r.status != rt.want[v] {
					t.Fatalf("GET %s as %s = %d, want %d", rt.path, v, r.status, rt.want[v])
				}
				if !(v == tFormer && rt.path == "/me/export") { // their own data
					w.exposes(t, rt.path, r.body)
				}
				if r.status == 404 && strings.Contains(r.body, "Partner Team Nord") {
					t.Errorf("a refusal names the team")
				}
			})
		}
	}
	// No organiser can open a result or plan of a member who does not share.
	for _, h := range w.hidden {
		for _, v := range []string{tOrganiser, tCo} {
			mustStatus(t, w.c[v].get("/results/"+h), http.StatusNotFound)
		}
	}
	other := idStr(userID(t, w.e, "Member B Quokka"))
	mustStatus(t, w.c[tOrganiser].get(w.url+"/members/"+other+"/plan"), http.StatusNotFound)
	// Bad query values are a 400, not a 500.
	mustStatus(t, w.c[tOrganiser].get(w.url+"?since=5"), http.StatusBadRequest)
	mustStatus(t, w.c[tOrganiser].get(w.url+"/report.pdf?since=x"), http.StatusBadRequest)
}

func TestTeamActionsWithEveryVisitor(t *testing.T) {
	w := newTeamWorld(t, 5)
	sharer := w.sharer
	tests := []struct {
		path string
		form url.Values
		want access // visitors not listed are not tried; none succeed here
	}{
		{w.url + "/rename", url.Values{"name": {"QX-RENAMED"}}, access{tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/floor", url.Values{"floor": {"7"}}, access{tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/archive", url.Values{"archive": {"1"}}, access{tCo: 404, tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/delete", url.Values{"confirm": {"Partner Team Nord"}}, access{tCo: 404, tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/members/" + sharer + "/role", url.Values{"role": {"co_organiser"}}, access{tCo: 404, tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/links", url.Values{"days": {"7"}}, access{tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{w.url + "/links/1/revoke", nil, access{tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		// Without email configured nobody can send a join link by email.
		{w.url + "/invite", url.Values{"email": {"someone@example.org"}}, access{tOrganiser: 409, tCo: 409, tMember: 404, tFormer: 404, tNon: 404, tGuest: 401}},
		{"/me/teams/" + w.id + "/share", url.Values{"share": {"1"}}, access{tFormer: 404, tNon: 404, tGuest: 401}},
		{"/me/teams/" + w.id + "/leave", nil, access{tOrganiser: 422, tFormer: 404, tNon: 404, tGuest: 401}},
		{"/join/" + w.token, nil, access{tOrganiser: 409, tCo: 409, tMember: 409, tGuest: 401}},
		// Bad input: a clear 4xx that changes nothing.
		{w.url + "/rename", url.Values{"name": {"   "}}, access{tOrganiser: 422}},
		{w.url + "/rename", url.Values{"name": {strings.Repeat("n", 81)}}, access{tOrganiser: 422}},
		{w.url + "/floor", url.Values{"floor": {"2"}}, access{tOrganiser: 422, tCo: 422}},
		{w.url + "/floor", url.Values{"floor": {"five"}}, access{tOrganiser: 422}},
		{w.url + "/delete", url.Values{"confirm": {"wrong name"}}, access{tOrganiser: 422}},
		{w.url + "/links", url.Values{"days": {"9999"}}, access{tOrganiser: 400}},
		{w.url + "/members/" + sharer + "/role", url.Values{"role": {"organiser"}}, access{tOrganiser: 400}},
		{"/me/teams/" + w.id + "/share", url.Values{"share": {"maybe"}}, access{tMember: 400}},
		{"/join/" + strings.Repeat("A", 43), nil, access{tNon: 404}},
	}
	for _, tt := range tests {
		for _, v := range teamVisitors {
			want, ok := tt.want[v]
			if !ok {
				continue
			}
			t.Run(v+" "+tt.path, func(t *testing.T) {
				before := snapshot(t, w.e)
				form := url.Values{}
				for k, vs := range tt.form {
					form[k] = vs
				}
				r := w.c[v].post(tt.path, form)
				mustStatus(t, r, want)
				if after := snapshot(t, w.e); after != before {
					t.Errorf("POST %s as %s changed the database", tt.path, v)
				}
				if strings.Contains(r.body, "error.") && strings.Contains(r.body, "team.error") {
					t.Errorf("untranslated message id in %s", r.body)
				}
			})
		}
	}
	if strings.Contains(w.c[tOrganiser].get(w.url+"/manage").body, `/invite"`) {
		t.Error("the settings page offers to email a link on a server without email")
	}
	// The entitled can, which makes the refusals meaningful.
	mustStatus(t, w.c[tCo].post(w.url+"/rename", url.Values{"name": {"Partner Team Süd"}}), http.StatusSeeOther)
	mustStatus(t, w.c[tCo].post(w.url+"/floor", url.Values{"floor": {"3"}}), http.StatusSeeOther)
	mustStatus(t, w.c[tOrganiser].post(w.url+"/archive", url.Values{"archive": {"1"}}), http.StatusSeeOther)
	if r := w.c[tNon].post("/join/"+w.token, nil); r.status != http.StatusGone {
		t.Errorf("joining an archived team = %d, want 410", r.status)
	}
	mustStatus(t, w.c[tOrganiser].post(w.url+"/delete", url.Values{"confirm": {"Partner Team Süd"}}), http.StatusSeeOther)
	if n := countRows(t, w.e, `SELECT COUNT(*) FROM team_links`) + countRows(t, w.e, `SELECT COUNT(*) FROM team_members`); n != 0 {
		t.Errorf("deleting the team left %d links and memberships", n)
	}
	if n := countRows(t, w.e, `SELECT COUNT(*) FROM attempts WHERE completed_at IS NOT NULL`); n < 6 {
		t.Errorf("deleting the team removed results: %d left", n)
	}
}

// The journey of the issue: six people join by link, one shares; the
// organiser sees the heatmap, the distributions, where to invest, the
// comparison over time, the shared row only, and downloads PDF and CSV.
func TestTeamViewShowsAggregatesAndOnlySharedPeople(t *testing.T) {
	w := newTeamWorld(t, 6)
	org := w.c[tOrganiser]
	// Move every result but the sharer's four months back, and have two
	// members take the assessment again today: the team moved.
	db := rw(t, w.e)
	if _, err := db.Exec(`UPDATE attempts SET completed_at = completed_at - 120*86400`); err != nil {
		t.Fatal(err)
	}
	a := w.e.deps.Assessments.Get("cpo-skills")
	for _, c := range w.members[4:] {
		res := strings.TrimPrefix(answerAll(t, c, a, highest), "/results/")
		w.hidden = append(w.hidden, res)
	}

	page := org.get(w.url + "?since=3")
	mustStatus(t, page, http.StatusOK)
	body := page.body
	for _, want := range []string{
		`class="heatmap"`, "6 members", "6 have completed the skills assessment", "1 has a development plan",
		"Where to invest as a team", "Today beside 3 months ago", "Sharon Sharer", "/results/" + w.shared,
		"/members/" + w.sharer + "/plan", "Levels per skill", "IQR ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("team view lacks %q", want)
		}
	}
	// One plan is below the floor: no plan progress, and it says how many more.
	if !strings.Contains(body, "Plan progress appears once 4 more members have a development plan.") {
		t.Error("plan progress below the floor does not say how many more are needed")
	}
	w.exposes(t, "team view", body)
	assertTranslated(t, w.e, "en", "team view", body)

	csv := org.get(w.url + "/report.csv?since=3")
	mustStatus(t, csv, http.StatusOK)
	if !strings.Contains(csv.body, "subarea,processes,research,") || !strings.Contains(csv.body, "shared,processes,,") ||
		!strings.Contains(csv.body, "Sharon Sharer") || !strings.Contains(csv.body, "subarea_3_months_ago") {
		t.Errorf("CSV lacks aggregates or the shared row:\n%s", csv.body[:min(600, len(csv.body))])
	}
	if strings.Contains(csv.body, "Quokka") {
		t.Error("CSV names a member who does not share")
	}
	w.exposes(t, "CSV", csv.body)

	// The sharer's plan progress: actions and their status, nothing of a
	// mentor's.
	pl := org.get(w.url + "/members/" + w.sharer + "/plan")
	mustStatus(t, pl, http.StatusOK)
	if !strings.Contains(pl.body, "Plan progress: Sharon Sharer") || !strings.Contains(pl.body, "Not started") {
		t.Error("the shared plan page lacks the plan's actions")
	}
	assertTranslated(t, w.e, "en", "shared plan", pl.body)

	// The PDF in the organiser's language.
	mustStatus(t, org.post("/me/locale", url.Values{"locale": {"de"}}), http.StatusSeeOther)
	pdf := org.get(w.url + "/report.pdf?since=6")
	mustStatus(t, pdf, http.StatusOK)
	text := pdfText(t, []byte(pdf.body))
	for _, want := range []string{"Teambericht: Partner Team Nord", "Wo das Team steht", "Stufen je Kompetenz", "Wo das Team gemeinsam investieren sollte", "Im Zeitverlauf", "IQR"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	for _, never := range []string{"Sharon", "Quokka", "Formermember"} {
		if strings.Contains(text, never) {
			t.Errorf("the team PDF names a person (%s)", never)
		}
	}

	// Withdrawing cuts the organisers off at once, everywhere.
	mustStatus(t, w.c[tMember].post("/me/teams/"+w.id+"/share", url.Values{"share": {"0"}}), http.StatusSeeOther)
	w.hidden = append(w.hidden, w.shared)
	mustStatus(t, org.get("/results/"+w.shared), http.StatusNotFound)
	mustStatus(t, org.get(w.url+"/members/"+w.sharer+"/plan"), http.StatusNotFound)
	for _, p := range []string{w.url, w.url + "/report.csv", w.url + "?since=12"} {
		r := org.get(p)
		w.exposes(t, p+" after withdrawing", r.body)
		// Members' names are on the page by design; their results are not.
		if p != w.url+"/report.csv" && !strings.Contains(r.body, "Kein Mitglied teilt seine Ergebnisse einzeln.") {
			t.Errorf("%s still shows a shared row after withdrawing", p)
		}
		if p == w.url+"/report.csv" && strings.Contains(r.body, "Sharon Sharer") {
			t.Errorf("the CSV still names the member who withdrew")
		}
	}
	// Now six members, none sharing: still open. The export names the team.
	x := w.c[tMember].get("/me/export")
	if !strings.Contains(x.body, `"teams": [`) || !strings.Contains(x.body, `"name": "Partner Team Nord"`) || !strings.Contains(x.body, `"sharing": false`) {
		t.Errorf("export lacks the membership: %s", x.body[strings.Index(x.body, `"teams"`):])
	}
}

// Five members of whom one shares: the four others could be told apart by
// subtracting the shared row, so nothing is drawn, and the page says so.
func TestTeamBelowTheFloorShowsNoFigures(t *testing.T) {
	w := newTeamWorld(t, 5)
	r := w.c[tOrganiser].get(w.url)
	mustStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, `class="heatmap"`) || strings.Contains(r.body, "Where to invest") || strings.Contains(r.body, "has a mentor") {
		t.Error("figures shown below the floor")
	}
	if !strings.Contains(r.body, "The team figures appear once 1 more member has completed the skills assessment.") {
		t.Error("the page does not say how many more results are needed")
	}
	w.exposes(t, "team view below the floor", r.body)
	csv := w.c[tOrganiser].get(w.url + "/report.csv")
	if strings.Contains(csv.body, "\nsubarea,") || strings.Contains(csv.body, "\nlevel,") || strings.Contains(csv.body, "with_mentor") {
		t.Errorf("CSV carries figures below the floor:\n%s", csv.body)
	}
	// The join page says what the organisers will see, before joining.
	j := w.c[tNon].get("/join/" + w.token)
	for _, want := range []string{"What the team&#39;s organisers will see", "at least 5 members", "Never your own scores", "Join the team"} {
		if !strings.Contains(j.body, want) {
			t.Errorf("join page lacks %q", want)
		}
	}
	if g := w.c[tGuest].get("/join/" + w.token); strings.Contains(g.body, "Partner Team Nord") {
		t.Error("a guest sees the team's name before signing in")
	}
}

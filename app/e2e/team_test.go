package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Journey: an organiser (in English) creates a team and a join link; five
// people join over HTTP; a sixth (in German) opens the link in the
// browser, reads what the organisers will see, joins sharing her results,
// and later stops sharing from her dashboard. The organiser sees the
// heatmap, distributions, where to invest and the comparison over time,
// her row while she shares and none after.
func TestTeamOrganiserAndMember(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	olga := newAccount("Olga Organiser")
	hc := newHTTPClient(t, j.srv.url)
	hc.register(olga)

	org := j.person("organiser").tab()
	org.signIn(olga)
	org.click("teams", `header a[href="/teams"]`)
	org.fill("#team-name", "Partnerships EMEA")
	org.fill("#team-desc", "Partner managers growing into leadership")
	org.click("team-created", `main form[action="/teams"] button[type=submit]`)
	if !strings.HasSuffix(org.path(), "/manage") {
		t.Fatalf("creating a team ended on %s, want its settings", org.path())
	}
	teamURL := strings.TrimSuffix(org.path(), "/manage")
	org.click("link-created", `main form[action$="/links"] button[type=submit]`)
	link := eval[string](org, `document.querySelector("#team-link").value`)
	if !strings.Contains(link, "/join/") {
		t.Fatalf("join link = %q", link)
	}
	link = link[strings.Index(link, "/join/"):]

	// Five members join and take the assessment over HTTP; below five
	// results the team view shows no figure.
	for i, name := range []string{"Ana Alves", "Ben Brandt", "Chloé Costa", "Dev Dutta", "Eva Engel"} {
		if i == 4 {
			org.open("team-below-floor", teamURL)
			org.mustContain("team-below-floor", "The team figures appear once 1 more member has completed the skills assessment.")
			if org.has("svg.heatmap") {
				t.Error("a heatmap from four results")
			}
		}
		m := newHTTPClient(t, j.srv.url)
		m.register(newAccount(name))
		m.completeAssessment("cpo-skills")
		m.completeAssessment("career-path")
		m.get("join-page", link, http.StatusOK)
		m.post("join", link, url.Values{}, http.StatusOK)
	}

	// The sixth member, in German, through the browser.
	greta := newAccount("Greta Grünwald-Schäfer")
	gh := newHTTPClient(t, j.srv.url)
	gh.register(greta)
	gh.completeAssessment("cpo-skills")
	member := j.person("member").tab()
	member.signIn(greta)
	member.open("member-de", "/me?lang=de")
	member.open("join-de", link)
	member.mustContain("join-de", "Was die Organisatoren des Teams sehen", "Partnerships EMEA", "mindestens 5 Mitgliedern")
	member.do("tick share", clickAction(`#share`))
	member.click("joined-de", `main form[action^="/join/"] button[type=submit]`)
	if member.path() != "/me/teams" {
		t.Fatalf("joining ended on %s, want /me/teams", member.path())
	}
	member.mustContain("joined-de", "Sie teilen Ihre Ergebnisse")

	// The organiser now sees the team.
	org.open("team-view", teamURL)
	org.mustHave("team-view", `svg.heatmap`)
	org.mustHave("team-view", `svg.bars`)
	org.mustContain("team-view", "6 members", "Where to invest as a team", greta.name)
	org.open("team-over-time", teamURL+"?since=6")
	org.mustContain("team-over-time", "Today beside 6 months ago")
	org.click("shared-results", `main a[href^="/results/"]`)
	org.mustContain("shared-results", greta.name)

	// She stops sharing from her dashboard: her row and results are gone.
	member.open("my-teams-de", "/me/teams")
	member.click("withdrawn-de", `main form[action$="/share"] button[type=submit]`)
	member.mustContain("withdrawn-de", "Die Organisatoren sehen nur Teamzahlen")
	org.open("team-after-withdrawal", teamURL)
	org.mustContain("team-after-withdrawal", "No member shares their results individually.")
	if org.has(`main a[href^="/results/"]`) {
		t.Error("the organiser still has a link to the results of a member who stopped sharing")
	}
}

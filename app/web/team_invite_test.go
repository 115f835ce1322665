package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	emailedJoinRE = regexp.MustCompile(regexp.QuoteMeta(testBase) + `/join/([A-Za-z0-9_-]{43})`)
	revokeLinkRE  = regexp.MustCompile(`/links/(\d+)/revoke"`)
)

// An organiser emails a join link: it arrives in the recipient's saved
// language (else the sender's) with the team's name and a working link,
// listed on the settings page for that address and revocable there.
func TestTeamInviteByEmail(t *testing.T) {
	e, srv := newMailEnv(t, nil)
	w := newTeamWorldIn(t, e, 1)
	org := w.c[tOrganiser]
	if r := org.get(w.url + "/manage"); !strings.Contains(r.body, `action="`+w.url+`/invite"`) || !strings.Contains(r.body, `name="email"`) {
		t.Fatal("no form to email a join link on the settings page")
	}

	// A recipient with an account reads it in their saved language.
	dora := signUp(t, e, "Dora Empfaenger")
	mustStatus(t, dora.post("/me/locale", url.Values{"locale": {"de"}}), http.StatusSeeOther)
	mustStatus(t, org.post(w.url+"/invite", url.Values{"email": {" " + strings.ToUpper(emailOf("Dora Empfaenger")) + " "}}), http.StatusSeeOther)
	de := e.deps.I18n.Localizer("de")
	msg := srv.Wait(t, emailOf("Dora Empfaenger"), de.T("mail.team_invite.subject", "Name", "Orla Organiser", "Team", "Partner Team Nord"))
	tok := emailedJoinRE.FindStringSubmatch(msg.Text)
	if tok == nil || !strings.Contains(msg.Text, "Partner Team Nord") || !strings.Contains(msg.HTML, testBase+"/join/"+tok[1]) ||
		!strings.Contains(msg.Text, de.T("mail.team_invite.action")) {
		t.Fatalf("team invitation email:\n%s\n%s", msg.Text, msg.HTML)
	}
	r := dora.get("/join/" + tok[1])
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `lang="de"`) || !strings.Contains(r.body, "Partner Team Nord") {
		t.Error("the emailed link does not open the join page in the recipient's language")
	}
	mustStatus(t, dora.post("/join/"+tok[1], nil), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM team_members WHERE user_id = ?`, userID(t, e, "Dora Empfaenger")); n != 1 {
		t.Errorf("joining by the emailed link made %d memberships", n)
	}

	// Someone without an account reads it in the sender's language; the
	// settings page names the address beside the link, which can be revoked.
	mustStatus(t, org.post("/me/locale", url.Values{"locale": {"fr"}}), http.StatusSeeOther)
	mustStatus(t, org.post(w.url+"/invite", url.Values{"email": {"newcomer@example.org"}}), http.StatusSeeOther)
	fr := e.deps.I18n.Localizer("fr")
	msg = srv.Wait(t, "newcomer@example.org", fr.T("mail.team_invite.subject", "Name", "Orla Organiser", "Team", "Partner Team Nord"))
	tok = emailedJoinRE.FindStringSubmatch(msg.Text)
	if tok == nil {
		t.Fatalf("no join link in:\n%s", msg.Text)
	}
	manage := org.get(w.url + "/manage").body
	if !strings.Contains(manage, fr.T("team.link.sent_to", "Email", "newcomer@example.org")) {
		t.Error("the settings page does not say whom the link was sent to")
	}
	lid := revokeLinkRE.FindStringSubmatch(manage) // newest first: the emailed link
	if lid == nil {
		t.Fatal("the emailed link cannot be revoked")
	}
	mustStatus(t, org.post(w.url+"/links/"+lid[1]+"/revoke", nil), http.StatusSeeOther)
	if r := w.c[tNon].post("/join/"+tok[1], nil); r.status != http.StatusGone {
		t.Errorf("joining by a revoked emailed link = %d, want 410", r.status)
	}

	// Refused: those who do not organise the team, a forged form, a bad
	// address. Each changes nothing and sends nothing.
	for v, want := range map[string]int{tMember: 404, tFormer: 404, tNon: 404, tGuest: 401} {
		before := snapshot(t, e)
		if r := w.c[v].post(w.url+"/invite", url.Values{"email": {"intruder@example.org"}}); r.status != want {
			t.Errorf("send as %s = %d, want %d", v, r.status, want)
		}
		if snapshot(t, e) != before {
			t.Errorf("a refused send as %s changed the database", v)
		}
	}
	forged := url.Values{"email": {"intruder@example.org"}, "_csrf": {"forged"}}
	mustStatus(t, org.postRaw(w.url+"/invite", forged), http.StatusForbidden)
	for _, bad := range []string{"", "not an address", "a@b", "intruder@example.org\r\nBcc: x@example.org", strings.Repeat("a", 300) + "@example.org"} {
		before := snapshot(t, e)
		r := org.post(w.url+"/invite", url.Values{"email": {bad}})
		mustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, fr.T("team.invite.error.email")) {
			t.Errorf("bad address %q: no translated message", bad)
		}
		if snapshot(t, e) != before {
			t.Errorf("bad address %q changed the database", bad)
		}
	}
	// A co-organiser may send; once that email is in, none of the refused
	// ones can still be on its way.
	mustStatus(t, w.c[tCo].post(w.url+"/invite", url.Values{"email": {"sentinel@example.org"}}), http.StatusSeeOther)
	srv.Wait(t, "sentinel@example.org", "")
	if got := srv.List(t, "intruder@example.org"); len(got) != 0 {
		t.Errorf("a refused send went out: %v", got)
	}
}

// Sends are rate-limited per person, even when links are revoked in between.
func TestTeamInviteRateLimit(t *testing.T) {
	e, _ := newMailEnv(t, nil)
	w := newTeamWorldIn(t, e, 1)
	org := w.c[tOrganiser]
	for i := 0; ; i++ {
		r := org.post(w.url+"/invite", url.Values{"email": {"flood" + itoa(i) + "@example.org"}})
		if r.status == http.StatusTooManyRequests {
			if i != 20 || r.header.Get("Retry-After") == "" {
				t.Errorf("limited after %d sends (want 20), Retry-After %q", i, r.header.Get("Retry-After"))
			}
			break
		}
		mustStatus(t, r, http.StatusSeeOther)
		lid := revokeLinkRE.FindStringSubmatch(org.get(w.url + "/manage").body)
		mustStatus(t, org.post(w.url+"/links/"+lid[1]+"/revoke", nil), http.StatusSeeOther)
		if i > 20 {
			t.Fatal("no limit on emailed join links")
		}
	}
}

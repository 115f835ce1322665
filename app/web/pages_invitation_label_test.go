package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A new link can carry a label that tells it apart in the list, and is
// shown with a copy button that works without script as a selectable
// field. A label too long or with invisible characters is refused with a
// translated 422 and no link is made.
func TestInvitationLabelAndCopy(t *testing.T) {
	e := newEnv(t)
	c := signUp(t, e, "Lena Label")
	mustStatus(t, c.post("/me/invitations", url.Values{"label": {"  für   Jürgen 👍 "}}), http.StatusSeeOther)
	r := c.get("/me/invitations")
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `<span class="invite-label">für Jürgen 👍</span>`) {
		t.Errorf("the list does not show the label: %.2000s", r.body)
	}
	if !strings.Contains(r.body, `data-copy="invite-link"`) || !strings.Contains(r.body, `id="invite-link" class="link-field"`) || !strings.Contains(r.body, "readonly") {
		t.Error("the new link has no copy button beside a selectable field")
	}
	mustStatus(t, c.post("/me/invitations", nil), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM invitations WHERE label = ''`); n != 1 {
		t.Errorf("%d unlabelled links, want 1", n)
	}
	for _, bad := range []string{strings.Repeat("x", 61), "für \u202eJürgen", "a\x00b", "zero\u200bwidth"} {
		before := countRows(t, e, `SELECT COUNT(*) FROM invitations`)
		r := c.post("/me/invitations", url.Values{"label": {bad}})
		mustStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "The label can have at most 60 characters") {
			t.Errorf("label %q: no clear message", bad)
		}
		if countRows(t, e, `SELECT COUNT(*) FROM invitations`) != before {
			t.Errorf("label %q: a link was made", bad)
		}
	}
}

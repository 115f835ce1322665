package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestPostFieldsComeFromTheBodyOnly is the guard for the kind "a form
// field read from the URL": on every POST route, a CSRF token that is
// valid but sent only in the query string is refused, as the request's
// form is its body.
func TestPostFieldsComeFromTheBodyOnly(t *testing.T) {
	e := newEnv(t)
	posts := routePaths(t, e.app)[http.MethodPost]
	for _, path := range posts {
		// A fresh browser each time: a route that succeeds may sign out
		// or change the browser key, and with it the valid token.
		c := signUp(t, e, "Quentin Querystring "+path)
		got := c.postRaw(path+"?_csrf="+url.QueryEscape(c.csrf), url.Values{})
		if got.status != http.StatusForbidden {
			t.Errorf("POST %s with the CSRF token only in the URL: status %d, want 403", path, got.status)
		}
	}
	if len(posts) < 10 {
		t.Fatalf("only %d POST routes found", len(posts))
	}
}

// TestPasswordInURLDeletesNothing: the account-deletion password must be
// posted; in the URL it counts as missing.
func TestPasswordInURLDeletesNothing(t *testing.T) {
	e := newEnv(t)
	c := signUp(t, e, "Paula Passwordinurl")
	r := c.post("/me/delete?password="+url.QueryEscape(testPassword), url.Values{})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = ?`, emailOf("Paula Passwordinurl")); n != 1 {
		t.Fatalf("users = %d after a password in the URL, want the account kept", n)
	}
}

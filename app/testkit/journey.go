package testkit

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"cpopath/app/assess"
)

// Answers picks an answer for every required item of a, the same for the
// same seed and different across seeds, so that users score differently
// and a page showing another user's result is caught.
func Answers(a *assess.Assessment, seed uint64) map[string]string {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make(map[string]string, len(a.Items))
	for i := range a.Items {
		it := &a.Items[i]
		out[it.ID] = Pick(a, it, r.IntN(1000))
	}
	return out
}

// Pick returns a valid answer of it chosen by n.
func Pick(a *assess.Assessment, it *assess.Item, n int) string {
	if it.Kind == assess.KindRated {
		an := a.Scale(it.Scale).Anchors
		return strconv.Itoa(an[n%len(an)].Value)
	}
	return it.Options[n%len(it.Options)].ID
}

// Start opens an attempt at a (or goes back to the open one).
func (b *Browser) Start(a *assess.Assessment) error {
	r, err := b.Post("/assess/"+a.ID, nil)
	if err != nil {
		return err
	}
	return Expect(r, http.StatusSeeOther, "start "+a.ID)
}

// SavePage submits page n (1-based) of a with the answers of its items.
func (b *Browser) SavePage(a *assess.Assessment, n int, answers map[string]string) error {
	form := url.Values{"nav": {"next"}}
	for _, it := range a.Sections[n-1].Items {
		if v, ok := answers[it.ID]; ok {
			form.Set(it.ID, v)
		}
	}
	r, err := b.Post("/assess/"+a.ID+"/"+strconv.Itoa(n), form)
	if err != nil {
		return err
	}
	return Expect(r, http.StatusSeeOther, fmt.Sprintf("save page %d of %s", n, a.ID))
}

// Submit submits the open attempt at a and returns the results path.
func (b *Browser) Submit(a *assess.Assessment) (string, error) {
	r, err := b.Post("/assess/"+a.ID+"/submit", nil)
	if err != nil {
		return "", err
	}
	if err := Expect(r, http.StatusSeeOther, "submit "+a.ID); err != nil {
		return "", err
	}
	if !strings.HasPrefix(r.Location(), "/results/") {
		return "", fmt.Errorf("submit %s went to %q, want /results/…", a.ID, r.Location())
	}
	return r.Location(), nil
}

// Complete takes a from start to submit through the page forms and returns
// the results path.
func (b *Browser) Complete(a *assess.Assessment, answers map[string]string) (string, error) {
	if err := b.Start(a); err != nil {
		return "", err
	}
	for n := range a.Sections {
		if err := b.SavePage(a, n+1, answers); err != nil {
			return "", err
		}
	}
	return b.Submit(a)
}

// Register creates an account through the form and stays signed in.
func (b *Browser) Register(name, email, password string) error {
	r, err := b.Get("/register")
	if err != nil {
		return err
	}
	if err := Expect(r, http.StatusOK, "register form"); err != nil {
		return err
	}
	r, err = b.Post("/register", url.Values{"name": {name}, "email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	if err := Expect(r, http.StatusSeeOther, "register "+email); err != nil {
		return err
	}
	if b.Cookies["cp_session"] == "" {
		return fmt.Errorf("register %s: no session cookie", email)
	}
	// Signing in issues a new browser key, and with it a new CSRF token.
	b.CSRF = ""
	return nil
}

var inviteLinkRE = regexp.MustCompile(`/invite/([A-Za-z0-9_-]{43})"`)

// Invite makes a new invitation link as the signed-in b and returns its
// token, read from the page that shows it once.
func (b *Browser) Invite() (string, error) {
	r, err := b.Post("/me/invitations", nil)
	if err != nil {
		return "", err
	}
	if err := Expect(r, http.StatusSeeOther, "make an invitation"); err != nil {
		return "", err
	}
	if r, err = b.Get("/me/invitations"); err != nil {
		return "", err
	}
	if err := Expect(r, http.StatusOK, "invitations page"); err != nil {
		return "", err
	}
	m := inviteLinkRE.FindStringSubmatch(r.Body)
	if m == nil {
		return "", fmt.Errorf("the new invitation link is not shown: %.600s", r.Body)
	}
	return m[1], nil
}

// Accept accepts the invitation with token as the signed-in b, who becomes
// the inviter's mentor.
func (b *Browser) Accept(token string) error {
	r, err := b.Post("/invite/"+token+"/accept", nil)
	if err != nil {
		return err
	}
	return Expect(r, http.StatusSeeOther, "accept invitation")
}

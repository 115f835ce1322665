package web

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"cpopath/app/account"
	"cpopath/app/store"
)

// normalBaseURL checks the -base-url setting and returns it without a
// trailing slash; "" becomes http://localhost.
func normalBaseURL(s string) (string, error) {
	if s == "" {
		return "http://localhost", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("web: -base-url must look like https://cpopath.example.org (scheme and host, optionally a path)")
	}
	return strings.TrimRight(s, "/"), nil
}

// link makes path a full link to send to someone: an invitation, a link in
// an email. It starts with the configured base URL and never with the
// request's Host header, which the client chooses.
func (h *handler) link(path string) string { return h.cfg.BaseURL + path }

// ResetLink makes a one-time password-reset link for userID, valid for 30
// minutes, with base as the site's base URL; only the token's hash is
// stored. The web form sends it by email; `cpopath user reset-link`
// prints it for the operator to pass on.
func ResetLink(ctx context.Context, st *store.Store, base string, userID int64) (string, error) {
	base, err := normalBaseURL(base)
	if err != nil {
		return "", err
	}
	tok := account.NewToken()
	if err := st.CreateUserToken(ctx, account.HashToken(tok), userID, store.TokenReset, "", resetTTL); err != nil {
		return "", err
	}
	return base + "/password/reset/" + tok, nil
}

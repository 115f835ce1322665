package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"cpopath/app/store"
	"cpopath/app/web"
)

const userUsage = "usage: cpopath [-db FILE] [-base-url URL] user list | show EMAIL | disable EMAIL | enable EMAIL | reset-link EMAIL | reset-2fa EMAIL"

// userCommand is the operator's `cpopath user ...`: it works on the same
// database as a running server (SQLite in WAL mode takes the writes of
// both), prints what it did, and fails with a clear message on a bad
// command or an email without an account.
func userCommand(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	cmd := args[0]
	want := 2
	if cmd == "list" {
		want = 1
	}
	switch cmd {
	case "list", "show", "disable", "enable", "reset-link", "reset-2fa":
	default:
		return fmt.Errorf("unknown user command %q\n%s", cmd, userUsage)
	}
	if len(args) != want {
		return errors.New(userUsage)
	}
	// A mistyped -db must not create an empty database and then report
	// that nobody has an account.
	if _, err := os.Stat(cfg.db); err != nil {
		return fmt.Errorf("no database at %s (give -db): %w", cfg.db, err)
	}
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if cmd == "list" {
		return userList(ctx, st, out)
	}
	email := strings.ToLower(strings.TrimSpace(args[1]))
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no account has the email %q (see `cpopath user list`)", args[1])
	}
	if err != nil {
		return err
	}
	switch cmd {
	case "show":
		return userShow(ctx, st, u, out)
	case "disable", "enable":
		if err := st.SetUserDisabled(ctx, u.ID, cmd == "disable"); err != nil {
			return err
		}
		if cmd == "disable" {
			fmt.Fprintf(out, "disabled %s: signed out everywhere, cannot sign in until enabled\n", u.Email)
		} else {
			fmt.Fprintf(out, "enabled %s: can sign in again\n", u.Email)
		}
	case "reset-link":
		if u.Disabled {
			return fmt.Errorf("%s is disabled: enable it first", u.Email)
		}
		link, err := web.ResetLink(ctx, st, cfg.baseURL, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "password reset link for %s (works once, for 30 minutes; give it only to them):\n%s\n", u.Email, link)
	case "reset-2fa":
		had, err := st.DisableTOTP(ctx, u.ID)
		if err != nil {
			return err
		}
		if !had {
			fmt.Fprintf(out, "%s has no second factor: nothing changed\n", u.Email)
			return nil
		}
		fmt.Fprintf(out, "second factor and recovery codes of %s removed: they sign in with the password alone and can enrol again\n", u.Email)
	}
	return nil
}

func userList(ctx context.Context, st *store.Store, out io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tNAME\tCREATED\tSTATE\t2FA")
	for _, u := range users {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.CreatedAt.Format(time.DateOnly), state(u), onOff(u.TOTPEnabled))
	}
	fmt.Fprintf(w, "%d accounts\n", len(users))
	return w.Flush()
}

func userShow(ctx context.Context, st *store.Store, u *store.User, out io.Writer) error {
	sessions, err := st.Sessions(ctx, u.ID)
	if err != nil {
		return err
	}
	events, err := st.Activities(ctx, u.ID, 10)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "email:     %s\nname:      %s\ncreated:   %s\nstate:     %s\n2fa:       %s\nlanguage:  %s\nsessions:  %d\n",
		u.Email, u.Name, u.CreatedAt.Format(time.DateTime), state(u), onOff(u.TOTPEnabled), orAuto(u.Locale), len(sessions))
	for _, s := range sessions {
		fmt.Fprintf(out, "  last seen %s from %s\n", s.LastSeen.Format(time.DateTime), orAuto(s.Address))
	}
	fmt.Fprintln(out, "recent activity:")
	for _, e := range events {
		fmt.Fprintf(out, "  %s  %-24s %s\n", e.At.Format(time.DateTime), e.Event, e.Address)
	}
	return nil
}

func state(u *store.User) string {
	if u.Disabled {
		return "disabled"
	}
	return "active"
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func orAuto(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

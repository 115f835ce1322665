package store_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"cpopath/app/content"
	"cpopath/app/store"
	"cpopath/app/team"
)

func TestTeamLifecycle(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	org, co, mia, leo := addUser(t, st, "Orla"), addUser(t, st, "Cora"), addUser(t, st, "Mia"), addUser(t, st, "Leo")

	tm, err := st.CreateTeam(ctx, org.ID, "Partners Nord", "EMEA")
	if err != nil || tm.Floor != team.DefaultFloor || tm.Archived() {
		t.Fatalf("create team = %+v, %v", tm, err)
	}
	if _, err := st.CreateTeamLink(ctx, tm.ID, []byte("link-1"), 7*24*time.Hour, 2); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*store.User{co, mia} {
		if _, err := st.JoinTeam(ctx, []byte("link-1"), u.ID, u == mia); err != nil {
			t.Fatalf("join %s: %v", u.Name, err)
		}
	}
	if _, err := st.JoinTeam(ctx, []byte("link-1"), mia.ID, false); !errors.Is(err, store.ErrAlreadyInTeam) {
		t.Errorf("joining twice: %v", err)
	}
	if _, err := st.JoinTeam(ctx, []byte("nope"), leo.ID, false); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown link: %v", err)
	}
	links, _ := st.TeamLinks(ctx, tm.ID)
	if len(links) != 1 || links[0].Uses != 2 {
		t.Fatalf("links = %+v", links)
	}
	if err := st.SetTeamRole(ctx, tm.ID, co.ID, team.RoleCoOrganiser); err != nil {
		t.Fatal(err)
	}
	if err := st.SetTeamRole(ctx, tm.ID, org.ID, team.RoleMember); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("demoting the organiser: %v", err)
	}
	// Sharing is what opens a member to the organisers, and only to them.
	for _, tt := range []struct {
		who  *store.User
		want bool
	}{{org, true}, {co, true}, {leo, false}, {mia, false}} {
		if got, err := st.SharesWith(ctx, 0, mia.ID, tt.who.ID); err != nil || got != tt.want {
			t.Errorf("mia shares with %s = %v, %v; want %v", tt.who.Name, got, err, tt.want)
		}
	}
	if err := st.SetSharing(ctx, tm.ID, mia.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.SharesWith(ctx, tm.ID, mia.ID, org.ID); got {
		t.Error("withdrawn sharing still shares")
	}
	if err := st.SetSharing(ctx, tm.ID, co.ID, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a co-organiser sharing: %v", err)
	}

	// Links: revoked, expired, archived team.
	if err := st.RevokeTeamLink(ctx, tm.ID, links[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.JoinTeam(ctx, []byte("link-1"), leo.ID, false); !errors.Is(err, store.ErrTeamLinkRevoked) {
		t.Errorf("revoked link: %v", err)
	}
	st.CreateTeamLink(ctx, tm.ID, []byte("link-2"), time.Hour, 2)
	st.CreateTeamLink(ctx, tm.ID, []byte("link-3"), 48*time.Hour, 2)
	if _, err := st.CreateTeamLink(ctx, tm.ID, []byte("link-4"), time.Hour, 2); !errors.Is(err, store.ErrTooManyLinks) {
		t.Errorf("third open link: %v", err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := st.JoinTeam(ctx, []byte("link-2"), leo.ID, false); !errors.Is(err, store.ErrTeamLinkExpired) {
		t.Errorf("expired link: %v", err)
	}
	st.ArchiveTeam(ctx, tm.ID, true)
	if _, err := st.JoinTeam(ctx, []byte("link-3"), leo.ID, false); !errors.Is(err, store.ErrTeamArchived) {
		t.Errorf("archived team: %v", err)
	}

	// Leaving; the organiser cannot.
	if err := st.LeaveTeam(ctx, tm.ID, org.ID); !errors.Is(err, store.ErrOrganiserLeave) {
		t.Errorf("organiser leaving: %v", err)
	}
	if err := st.LeaveTeam(ctx, tm.ID, mia.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Membership(ctx, tm.ID, mia.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a former member's membership: %v", err)
	}
	if err := st.SetTeamFloor(ctx, tm.ID, 2); err == nil {
		t.Error("a floor below three was stored")
	}
}

// Deleting an account removes the person from every team; the last
// organiser's going hands the team to a co-organiser, or deletes it.
func TestTeamsWhenAccountsGo(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	org, co, mia := addUser(t, st, "Orla"), addUser(t, st, "Cora"), addUser(t, st, "Mia")
	a, _ := st.CreateTeam(ctx, org.ID, "A", "")
	b, _ := st.CreateTeam(ctx, org.ID, "B", "")
	st.CreateTeamLink(ctx, a.ID, []byte("la"), time.Hour, 5)
	st.CreateTeamLink(ctx, b.ID, []byte("lb"), time.Hour, 5)
	st.JoinTeam(ctx, []byte("la"), co.ID, false)
	st.JoinTeam(ctx, []byte("la"), mia.ID, true)
	st.JoinTeam(ctx, []byte("lb"), mia.ID, true)
	st.SetTeamRole(ctx, a.ID, co.ID, team.RoleCoOrganiser)

	if err := st.DeleteUser(ctx, mia.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		ms, err := st.TeamMembers(ctx, loadContent(t), id)
		if err != nil || len(ms) != 0 {
			t.Errorf("team %d still counts %d members after the account went (%v)", id, len(ms), err)
		}
	}
	if err := st.DeleteUser(ctx, org.ID); err != nil {
		t.Fatal(err)
	}
	m, err := st.Membership(ctx, a.ID, co.ID)
	if err != nil || m.Role != team.RoleOrganiser {
		t.Errorf("team A after its organiser went: %+v, %v; want the co-organiser to run it", m, err)
	}
	if _, _, err := st.TeamLinkByToken(ctx, []byte("lb")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("team B, left without anyone to run it, keeps its link: %v", err)
	}
	x, err := st.Export(ctx, co.ID)
	if err != nil || len(x.Teams) != 1 || x.Teams[0].Role != team.RoleOrganiser || x.Teams[0].Name != "A" {
		t.Errorf("export of teams = %+v, %v", x.Teams, err)
	}
}

func loadContent(t *testing.T) *content.Content {
	t.Helper()
	c, err := content.Load(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A link emailed to one address keeps that address as its label; the
// team's other links have none.
func TestTeamLinkLabel(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	org := addUser(t, st, "Orla")
	tm, err := st.CreateTeam(ctx, org.ID, "Partners Nord", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTeamLink(ctx, tm.ID, []byte("plain"), time.Hour, 5); err != nil {
		t.Fatal(err)
	}
	l, err := st.CreateLabelledTeamLink(ctx, tm.ID, "mia@example.org", []byte("mailed"), time.Hour, 5)
	if err != nil || l.Label != "mia@example.org" {
		t.Fatalf("labelled link = %+v, %v", l, err)
	}
	got, _, err := st.TeamLinkByToken(ctx, []byte("plain"))
	if err != nil || got.Label != "" {
		t.Errorf("plain link = %+v, %v", got, err)
	}
}

package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cpopath/app/store"
)

func TestInvitationLifecycle(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	mia, leo, eve := addUser(t, st, "Mia"), addUser(t, st, "Leo"), addUser(t, st, "Eve")
	ttl := 14 * 24 * time.Hour

	inv, err := st.CreateInvitation(ctx, mia.ID, []byte("hash-1"), ttl, 3)
	if err != nil {
		t.Fatal(err)
	}
	if inv.MenteeName != "Mia" || !inv.ExpiresAt.Equal(now.Add(ttl)) || inv.State(now) != store.InvitationPending {
		t.Fatalf("invitation = %+v", inv)
	}
	got, err := st.InvitationByToken(ctx, []byte("hash-1"))
	if err != nil || got.ID != inv.ID {
		t.Fatalf("by token = %v, %v", got, err)
	}
	if _, err := st.InvitationByToken(ctx, []byte("forged")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("forged token = %v", err)
	}

	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"own invitation cannot be accepted", func() error { _, err := st.AcceptInvitation(ctx, []byte("hash-1"), mia.ID); return err }, store.ErrOwnInvitation},
		{"own invitation cannot be declined", func() error { return st.DeclineInvitation(ctx, []byte("hash-1"), mia.ID) }, store.ErrOwnInvitation},
		{"unknown token", func() error { _, err := st.AcceptInvitation(ctx, []byte("nope"), leo.ID); return err }, store.ErrNotFound},
		{"someone else's invitation cannot be revoked", func() error { return st.RevokeInvitation(ctx, leo.ID, inv.ID) }, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if got, _ := st.InvitationByToken(ctx, []byte("hash-1")); got.State(now) != store.InvitationPending {
		t.Fatalf("refused answers changed the invitation: %+v", got)
	}

	m, err := st.AcceptInvitation(ctx, []byte("hash-1"), leo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.MenteeID != mia.ID || m.MentorID != leo.ID || m.State != store.MentorshipActive {
		t.Fatalf("mentorship = %+v", m)
	}
	if _, err := st.ActiveMentorship(ctx, mia.ID, leo.ID); err != nil {
		t.Errorf("ActiveMentorship after accept: %v", err)
	}
	// Single use: nobody can use it again, either way.
	if _, err := st.AcceptInvitation(ctx, []byte("hash-1"), eve.ID); !errors.Is(err, store.ErrInvitationUsed) {
		t.Errorf("second accept = %v, want ErrInvitationUsed", err)
	}
	if err := st.DeclineInvitation(ctx, []byte("hash-1"), eve.ID); !errors.Is(err, store.ErrInvitationUsed) {
		t.Errorf("decline after accept = %v, want ErrInvitationUsed", err)
	}
	if err := st.RevokeInvitation(ctx, mia.ID, inv.ID); !errors.Is(err, store.ErrInvitationUsed) {
		t.Errorf("revoke after accept = %v, want ErrInvitationUsed", err)
	}
	got, _ = st.InvitationByToken(ctx, []byte("hash-1"))
	if got.State(now) != store.InvitationAccepted || got.UsedBy != leo.ID || got.UsedByName != "Leo" {
		t.Errorf("accepted invitation = %+v", got)
	}
	// An active mentor accepting a second link is refused and the link stays open.
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("hash-2"), ttl, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcceptInvitation(ctx, []byte("hash-2"), leo.ID); !errors.Is(err, store.ErrAlreadyMentor) {
		t.Errorf("accept by active mentor = %v, want ErrAlreadyMentor", err)
	}
	if err := st.DeclineInvitation(ctx, []byte("hash-2"), eve.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.InvitationByToken(ctx, []byte("hash-2")); got.State(now) != store.InvitationDeclined || got.UsedBy != 0 {
		t.Errorf("declined invitation = %+v", got)
	}
	// Revoked and expired links.
	inv3, _ := st.CreateInvitation(ctx, mia.ID, []byte("hash-3"), ttl, 3)
	if err := st.RevokeInvitation(ctx, mia.ID, inv3.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcceptInvitation(ctx, []byte("hash-3"), eve.ID); !errors.Is(err, store.ErrInvitationRevoked) {
		t.Errorf("accept revoked = %v", err)
	}
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("hash-4"), ttl, 3); err != nil {
		t.Fatal(err)
	}
	now = now.Add(ttl)
	if _, err := st.AcceptInvitation(ctx, []byte("hash-4"), eve.ID); !errors.Is(err, store.ErrInvitationExpired) {
		t.Errorf("accept expired = %v", err)
	}
	list, err := st.Invitations(ctx, mia.ID)
	if err != nil || len(list) != 4 {
		t.Fatalf("Invitations = %d, %v", len(list), err)
	}
	var states []string
	for _, i := range list {
		states = append(states, i.State(now))
	}
	want := []string{store.InvitationExpired, store.InvitationRevoked, store.InvitationDeclined, store.InvitationAccepted}
	for i := range want {
		if states[i] != want[i] {
			t.Errorf("states = %v, want %v", states, want)
			break
		}
	}
}

func TestInvitationLimit(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	mia := addUser(t, st, "Mia")
	for i := range 2 {
		if _, err := st.CreateInvitation(ctx, mia.ID, []byte{byte(i)}, time.Hour, 2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("third"), time.Hour, 2); !errors.Is(err, store.ErrTooManyInvitations) {
		t.Errorf("third open invitation = %v, want ErrTooManyInvitations", err)
	}
	list, _ := st.Invitations(ctx, mia.ID)
	if err := st.RevokeInvitation(ctx, mia.ID, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("third"), time.Hour, 2); err != nil {
		t.Errorf("after revoking one: %v", err)
	}
}

// mentorOf makes mentor an active mentor of mentee through an invitation.
func mentorOf(t *testing.T, st *store.Store, mentee, mentor *store.User) *store.Mentorship {
	t.Helper()
	ctx := context.Background()
	tok := []byte("tok-" + mentee.Name + "-" + mentor.Name + "-" + time.Now().String())
	if _, err := st.CreateInvitation(ctx, mentee.ID, tok, time.Hour, 100); err != nil {
		t.Fatal(err)
	}
	m, err := st.AcceptInvitation(ctx, tok, mentor.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMentorshipsAndRatings(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	mia, leo, eve := addUser(t, st, "Mia"), addUser(t, st, "Leo"), addUser(t, st, "Eve")
	mLeo := mentorOf(t, st, mia, leo)
	mEve := mentorOf(t, st, mia, eve)

	mentors, err := st.Mentors(ctx, mia.ID)
	if err != nil || len(mentors) != 2 || mentors[0].MentorName != "Leo" || mentors[1].MentorName != "Eve" {
		t.Fatalf("Mentors = %v, %v", mentors, err)
	}
	mentees, err := st.Mentees(ctx, leo.ID)
	if err != nil || len(mentees) != 1 || mentees[0].MenteeName != "Mia" {
		t.Fatalf("Mentees = %v, %v", mentees, err)
	}

	scores := map[string]int{"research": 2, "criteria": 4}
	r1, err := st.CreateRating(ctx, mLeo.ID, scores, map[string]string{"processes": "solid"}, "keep going")
	if err != nil {
		t.Fatal(err)
	}
	if r1.MentorName != "Leo" || r1.Scores["criteria"] != 4 || r1.Comments["processes"] != "solid" || r1.Overall != "keep going" {
		t.Fatalf("rating = %+v", r1)
	}
	r2, err := st.CreateRating(ctx, mEve.ID, map[string]int{"research": 5}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := st.MentorshipRating(ctx, mLeo.ID); err != nil || got.ID != r1.ID {
		t.Errorf("MentorshipRating = %v, %v", got, err)
	}
	list, err := st.MenteeRatings(ctx, mia.ID)
	if err != nil || len(list) != 2 || list[0].ID != r2.ID || list[1].ID != r1.ID {
		t.Fatalf("MenteeRatings = %v, %v", list, err)
	}

	// Ending: only the mentee ends their own; only the mentor steps down.
	if err := st.EndMentorship(ctx, mLeo.ID, leo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("mentor ending via EndMentorship = %v, want ErrNotFound", err)
	}
	if err := st.EndMentorship(ctx, mLeo.ID, mia.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.EndMentorship(ctx, mLeo.ID, mia.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ending twice = %v", err)
	}
	if _, err := st.ActiveMentorship(ctx, mia.ID, leo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ended mentorship still active: %v", err)
	}
	if _, err := st.CreateRating(ctx, mLeo.ID, scores, nil, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rating in an ended mentorship = %v, want ErrNotFound", err)
	}
	if list, _ := st.MenteeRatings(ctx, mia.ID); len(list) != 1 || list[0].MentorName != "Eve" {
		t.Errorf("former mentor's rating still counts: %v", list)
	}
	if lr, err := st.LatestRating(ctx, mia.ID); err != nil || lr.ID != r2.ID {
		t.Errorf("LatestRating = %v, %v", lr, err)
	}
	if err := st.StepDown(ctx, mia.ID, eve.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.StepDown(ctx, mia.ID, eve.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("stepping down twice = %v", err)
	}
	if m, _ := st.Mentees(ctx, eve.ID); len(m) != 0 {
		t.Errorf("mentees after stepping down = %v", m)
	}
	// A former mentor can be invited again: a new mentorship.
	again := mentorOf(t, st, mia, leo)
	if again.ID == mLeo.ID {
		t.Error("re-invited mentor reuses the ended mentorship")
	}
	if _, err := st.MentorshipRating(ctx, again.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("new mentorship inherits the old rating: %v", err)
	}
}

func TestMenteeSummary(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	mia := addUser(t, st, "Mia")
	sum, err := st.MenteeSummary(ctx, mia.ID)
	if err != nil || !sum.LastActivity.IsZero() || sum.PlanState != "" {
		t.Fatalf("empty summary = %+v, %v", sum, err)
	}
	now = now.Add(time.Hour)
	if _, err := st.CreateAttempt(ctx, store.Owner{UserID: mia.ID}, "cpo-skills"); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	later := now.Add(48 * time.Hour).Unix()
	mustExec(t, db, `INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, 1, 'approved', '{}', ?, ?), (?, 2, 'in_review', '{}', ?, ?)`,
		mia.ID, now.Unix(), now.Unix(), mia.ID, now.Unix(), now.Unix())
	mustExec(t, db, `INSERT INTO plan_actions (plan_id, action_id, status, updated_at) SELECT id, 'a1', 'done', ? FROM plans WHERE version = 2`, later)
	sum, err = st.MenteeSummary(ctx, mia.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sum.PlanState != "in_review" || sum.PlanVersion != 2 || sum.LastActivity.Unix() != later {
		t.Errorf("summary = %+v", sum)
	}
}

// A label stays with its invitation, in the list and the export, and an
// invitation without one has none.
func TestInvitationLabel(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	mia := addUser(t, st, "Mia")
	if _, err := st.CreateLabelledInvitation(ctx, mia.ID, "für Jürgen 👍", []byte("a"), time.Hour, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("b"), time.Hour, 5); err != nil {
		t.Fatal(err)
	}
	a, err := st.InvitationByToken(ctx, []byte("a"))
	if err != nil || a.Label != "für Jürgen 👍" {
		t.Fatalf("labelled = %+v, %v", a, err)
	}
	list, err := st.Invitations(ctx, mia.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list = %v, %v", list, err)
	}
	labels := map[string]bool{list[0].Label: true, list[1].Label: true}
	if !labels["für Jürgen 👍"] || !labels[""] {
		t.Errorf("labels = %v", labels)
	}
	x, err := st.Export(ctx, mia.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(x.Invitations); n != 2 || x.Invitations[0].Label+x.Invitations[1].Label != "für Jürgen 👍" {
		t.Errorf("export invitations = %+v", x.Invitations)
	}
}

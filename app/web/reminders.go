package web

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/plan"
	"cpopath/app/store"
)

// Milestone reminders, for people who ask for them: an email a few days
// before a milestone of their latest plan is due while actions of it are
// still open, at most once per milestone, stoppable from a link in it.
const (
	remindBefore = 3 * 24 * time.Hour
	// stopTTL keeps the stop link working long after the email came.
	stopTTL = 180 * 24 * time.Hour
)

// remindLoop sends due reminders every cfg.RemindEvery until ctx ends.
func (h *handler) remindLoop(ctx context.Context) {
	t := time.NewTicker(h.cfg.RemindEvery)
	defer t.Stop()
	for {
		if n, err := h.sendReminders(ctx); err != nil && ctx.Err() == nil {
			h.log.Error("milestone reminders", "err", err)
		} else if n > 0 {
			h.log.Info("milestone reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sendReminders queues the reminders due now and returns how many.
func (h *handler) sendReminders(ctx context.Context) (int, error) {
	users, err := h.st.UsersWithReminders(ctx)
	if err != nil {
		return 0, err
	}
	now, sent := h.cfg.Now(), 0
	for _, u := range users {
		p, err := h.st.LatestPlan(ctx, u.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return sent, err
		}
		m, open, ok, err := h.dueMilestone(ctx, p, now)
		if err != nil || !ok {
			if err != nil {
				return sent, err
			}
			continue
		}
		// The due date names the milestone: a new plan version keeps its
		// dates, and must not remind again.
		first, err := h.st.MarkReminder(ctx, u.ID, m.Due.Format(time.DateOnly))
		if err != nil || !first {
			if err != nil {
				return sent, err
			}
			continue
		}
		tok := account.NewToken()
		if err := h.st.CreateUserToken(ctx, account.HashToken(tok), u.ID, store.TokenReminders, "", stopTTL); err != nil {
			return sent, err
		}
		lang := orDefault(u.Locale, "en")
		date := h.tr.Localizer(lang).Date(m.Due)
		msg := mail.Message{To: u.Email, Lang: lang, Kind: "reminder", Args: []any{"Date", date, "Count", open},
			Link: h.link("/plan"), Stop: h.link("/reminders/stop/" + tok)}
		if err := h.mail.Send(msg); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// dueMilestone is the first milestone of p due within remindBefore of now
// with actions still open, and how many.
func (h *handler) dueMilestone(ctx context.Context, p *store.Plan, now time.Time) (plan.Milestone, int, bool, error) {
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return plan.Milestone{}, 0, false, err
	}
	for i, m := range p.Body.Milestones {
		if !m.Due.After(now) || m.Due.Sub(now) > remindBefore {
			continue
		}
		open := 0
		for _, a := range p.Body.Actions {
			if a.Milestone == i && progress[a.ID].Status != "done" {
				open++
			}
		}
		if open > 0 {
			return m, open, true, nil
		}
	}
	return plan.Milestone{}, 0, false, nil
}

// meRemindersSave turns milestone reminders on or off.
func (h *handler) meRemindersSave(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if !h.mail.Enabled() {
		return newError(fiber.StatusConflict, "security.email.no_mail")
	}
	on := c.FormValue("on") == "1"
	if err := h.st.SetReminders(c.UserContext(), u.ID, on); err != nil {
		return err
	}
	if on {
		h.flash(c, "flash.security.reminders_on")
	} else {
		h.flash(c, "flash.security.reminders_off")
	}
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}

var errStopLinkInvalid = newError(fiber.StatusNotFound, "security.reminders.invalid")

// remindersStopShow is where the stop link in a reminder leads.
func (h *handler) remindersStopShow(c *fiber.Ctx) error {
	tok, _, err := h.userToken(c, store.TokenReminders, errStopLinkInvalid)
	if err != nil {
		return err
	}
	l := h.loc(c)
	return h.renderConfirm(c, confirmPage{Action: "/reminders/stop/" + tok, Heading: l.T("security.reminders.stop_title"),
		Lead: l.T("security.reminders.stop_lead"), Button: l.T("security.reminders.stop_button")})
}

// remindersStop turns reminders off for the link's account.
func (h *handler) remindersStop(c *fiber.Ctx) error {
	_, t, err := h.userToken(c, store.TokenReminders, errStopLinkInvalid)
	if err != nil {
		return err
	}
	if err := h.st.SetReminders(c.UserContext(), t.UserID, false); err != nil {
		return err
	}
	h.flash(c, "flash.security.reminders_off")
	return c.Redirect("/", fiber.StatusSeeOther)
}

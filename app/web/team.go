package web

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
	"cpopath/app/team"
)

// Team rules.
const (
	teamNameMax        = 80
	teamDescriptionMax = 500
	teamLinkMaxOpen    = 10
	// cookieTeamLink carries a new team link's token to the page that shows
	// it, once: only its hash is stored.
	cookieTeamLink = "cp_teamlink"
)

// teamLinkDays are the lifetimes an organiser may give a join link.
var teamLinkDays = []int{7, 14, 30}

// teamOf returns the signed-in person's membership of the team in the URL
// when they organise it (as organiser or co-organiser). To anyone else,
// members and former members included, the team does not exist. The
// routes' group has already let only signed-in people through.
func (h *handler) teamOf(c *fiber.Ctx) (*store.Membership, error) {
	u := h.user(c)
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errNotFound
	}
	m, err := h.st.Membership(c.UserContext(), id, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if m.Role != team.RoleOrganiser && m.Role != team.RoleCoOrganiser {
		return nil, errNotFound
	}
	return m, nil
}

// teamOrganiserOnly is teamOf for what only the organiser may do.
func (h *handler) teamOrganiserOnly(c *fiber.Ctx) (*store.Membership, error) {
	m, err := h.teamOf(c)
	if err != nil {
		return nil, err
	}
	if m.Role != team.RoleOrganiser {
		return nil, errNotFound
	}
	return m, nil
}

// teamURL is the team's page.
func teamURL(id int64) string { return "/teams/" + strconv.FormatInt(id, 10) }

// teamForm reads and checks a team's name and description.
func teamForm(c *fiber.Ctx) (name, description string, err error) {
	name = strings.Join(strings.Fields(c.FormValue("name")), " ")
	description = strings.TrimSpace(c.FormValue("description"))
	bad := func(s string) bool {
		return !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' }) >= 0
	}
	switch {
	case name == "":
		return "", "", newError(fiber.StatusUnprocessableEntity, "team.error.name_required")
	case utf8.RuneCountInString(name) > teamNameMax || bad(name):
		return "", "", newError(fiber.StatusUnprocessableEntity, "team.error.name_invalid", "Max", teamNameMax)
	case utf8.RuneCountInString(description) > teamDescriptionMax || bad(description):
		return "", "", newError(fiber.StatusUnprocessableEntity, "team.error.description_invalid", "Max", teamDescriptionMax)
	}
	return strings.Clone(name), strings.Clone(description), nil
}

// teamError turns a refused team action into what the person is told.
func teamError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	case errors.Is(err, store.ErrTeamArchived):
		return newError(fiber.StatusGone, "team.error.archived")
	case errors.Is(err, store.ErrTeamLinkExpired):
		return newError(fiber.StatusGone, "team.error.link_expired")
	case errors.Is(err, store.ErrTeamLinkRevoked):
		return newError(fiber.StatusGone, "team.error.link_revoked")
	case errors.Is(err, store.ErrAlreadyInTeam):
		return newError(fiber.StatusConflict, "team.error.already")
	case errors.Is(err, store.ErrOrganiserLeave):
		return newError(fiber.StatusUnprocessableEntity, "team.error.organiser_leave")
	case errors.Is(err, store.ErrTooManyLinks):
		return newError(fiber.StatusConflict, "team.error.too_many_links", "Max", teamLinkMaxOpen)
	}
	return err
}

// monthsAgo is the moment months before now.
func monthsAgo(now time.Time, months int) time.Time { return now.AddDate(0, -months, 0) }

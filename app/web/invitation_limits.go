package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// invitationLimits bound what one account or address can do with
// invitation links. Links are 256-bit tokens, so guessing one is hopeless
// anyway; the limits keep a script from turning the invitation pages into
// free database work, and a person from minting links without end (besides
// the cap on links waiting for an answer).
type invitationLimits struct {
	made      *rateLimiter // links created, per account
	misses    *rateLimiter // unknown or malformed tokens tried, per client address
	teamMails *rateLimiter // team join links emailed, per account
}

func newInvitationLimits(now func() time.Time) invitationLimits {
	return invitationLimits{
		made:      newRateLimiter(20, time.Hour, now),
		misses:    newRateLimiter(20, 15*time.Minute, now),
		teamMails: newRateLimiter(20, time.Hour, now),
	}
}

// invitationLimited is the answer past a limit: a translated 429 that says
// how long to wait.
func invitationLimited(c *fiber.Ctx, wait time.Duration) error {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Seconds())+1))
	return newError(fiber.StatusTooManyRequests, "invite.error.rate_limited", "Minutes", retryMinutes(wait))
}

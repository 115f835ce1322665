package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// Security events, as stored and shown under "Recent activity"; each has
// a message activity.<event> in the locales.
const (
	evSignin             = "signin"
	evSigninFailed       = "signin_failed"
	evSecondFactorFailed = "second_factor_failed"
	evRecoveryCodeUsed   = "recovery_code_used"
	evPasswordChanged    = "password_changed"
	evPasswordReset      = "password_reset"
	evResetRequested     = "password_reset_requested"
	evTOTPOn             = "totp_on"
	evTOTPOff            = "totp_off"
	evEmailChangeAsked   = "email_change_requested"
	evEmailChanged       = "email_changed"
	evSessionsEnded      = "sessions_ended"
	evInvitationCreated  = "invitation_created"
	evInvitationAccepted = "invitation_accepted"
	evInvitationRevoked  = "invitation_revoked"
	evMentorshipStarted  = "mentorship_started"
	evMentorshipEnded    = "mentorship_ended"
	evExport             = "data_export"
	evDeletionRequested  = "deletion_requested"
)

// activityEvents lists them all, for the test that each has a message.
var activityEvents = []string{evSignin, evSigninFailed, evSecondFactorFailed, evRecoveryCodeUsed, evPasswordChanged,
	evPasswordReset, evResetRequested, evTOTPOn, evTOTPOff, evEmailChangeAsked, evEmailChanged, evSessionsEnded,
	evInvitationCreated, evInvitationAccepted, evInvitationRevoked, evMentorshipStarted, evMentorshipEnded,
	evExport, evDeletionRequested}

// record stores a security event of userID and writes it to the log with
// the client's address. It never fails the request: an event that cannot
// be stored is logged as an error instead. Nothing secret goes in: no
// password, token, code or email address.
func (h *handler) record(c *fiber.Ctx, userID int64, event string) {
	info := h.sessionInfo(c)
	h.log.Info("security event", "event", event, "user_id", userID, "address", info.Address, "request_id", requestID(c))
	if err := h.st.AddActivity(c.UserContext(), userID, store.Activity{Event: event, Address: info.Address, UserAgent: info.UserAgent}); err != nil {
		h.log.Error("store security event", "event", event, "user_id", userID, "err", err)
	}
}

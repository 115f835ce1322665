package web

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// routes is the one table of every route the app serves.
func (h *handler) routes(app *fiber.App) {
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Use("/static", filesystem.New(filesystem.Config{
		Root:       http.FS(h.cfg.Files),
		PathPrefix: "static",
		MaxAge:     3600,
	}))

	app.Use(h.session)
	app.Use(h.checkCSRF)

	app.Get("/", h.landingShow)

	app.Get("/assess/:assessment", h.assessmentIntro)
	app.Post("/assess/:assessment", h.attemptCreate)
	app.Get("/assess/:assessment/review", h.assessmentReview)
	app.Post("/assess/:assessment/submit", h.assessmentSubmit)
	app.Post("/assess/:assessment/answer", h.answerSave)
	app.Get("/assess/:assessment/:page<int>", h.assessmentShow)
	app.Post("/assess/:assessment/:page<int>", h.pageSave)

	app.Get("/results/:id", h.resultsShow)

	// Accounts and mentors.
	acct := newAccounts(h)
	app.Get("/register", h.registerShow)
	app.Post("/register", acct.registerCreate)
	app.Get("/signin", h.signinShow)
	app.Post("/signin", acct.signinCreate)
	app.Post("/signout", h.signout)
	app.Get("/signin/code", h.signinCodeShow)
	app.Post("/signin/code", h.signinCodeCreate)
	app.Get("/password/forgot", h.passwordForgotShow)
	app.Post("/password/forgot", h.passwordForgotCreate)
	app.Get("/password/reset/:token", h.passwordResetShow)
	app.Post("/password/reset/:token", h.passwordResetSave)
	app.Get("/email/confirm/:token", h.emailConfirmShow)
	app.Post("/email/confirm/:token", h.emailConfirmSave)
	app.Get("/me/security", h.meSecurityShow)
	app.Post("/me/password", h.mePasswordSave)
	app.Post("/me/email", h.meEmailSave)
	app.Post("/me/sessions/end-others", h.meSessionsEndOthers)
	app.Post("/me/sessions/:id/end", h.meSessionEnd)
	app.Post("/me/2fa/start", h.meTOTPStart)
	app.Get("/me/2fa", h.meTOTPShow)
	app.Get("/me/2fa/qr.png", h.meTOTPQR)
	app.Post("/me/2fa", h.meTOTPConfirm)
	app.Post("/me/2fa/disable", h.meTOTPDisable)
	app.Post("/me/reminders", h.meRemindersSave)
	app.Get("/reminders/stop/:token", h.remindersStopShow)
	app.Post("/reminders/stop/:token", h.remindersStop)
	app.Get("/me", h.meShow)
	app.Post("/me/locale", h.meLocaleSave)
	app.Get("/me/export", h.meExport)
	app.Get("/me/delete", h.meDeleteShow)
	app.Post("/me/delete", acct.meDelete)
	app.Get("/me/feedback", h.meFeedback)
	app.Get("/me/invitations", h.invitationList)
	app.Post("/me/invitations", h.invitationCreate)
	app.Post("/me/invitations/:id<int>/revoke", h.invitationRevoke)
	app.Post("/me/mentors/:id<int>/end", h.meMentorEnd)
	app.Get("/invite/:token", h.invitationShow)
	app.Post("/invite/:token/accept", h.invitationAccept)
	app.Post("/invite/:token/decline", h.invitationDecline)
	app.Get("/mentor", h.mentorDashboard)
	app.Get("/mentor/mentees/:id<int>", h.mentorMentee)
	app.Post("/mentor/mentees/:id<int>/step-down", h.mentorStepDown)
	app.Get("/mentor/mentees/:id<int>/rating", h.ratingShow)
	app.Post("/mentor/mentees/:id<int>/rating", h.ratingSave)

	// Plan and roadmap.
	app.Get("/plan", h.planShow)
	app.Get("/plan.pdf", h.planPDFOwn)
	app.Get("/plan/v/:n<int>", h.planVersionShow)
	app.Post("/plan/target", h.planTargetSave)
	app.Post("/plan/build", h.planBuild)
	app.Post("/plan/actions", h.planActionSave)
	app.Post("/plan/submit", h.planSubmit)
	app.Post("/plan/withdraw", h.planWithdraw)
	app.Get("/mentor/mentees/:id<int>/plan", h.mentorPlanShow)
	app.Get("/mentor/mentees/:id<int>/plan.pdf", h.mentorPlanPDF)
	app.Post("/mentor/mentees/:id<int>/plan/review", h.mentorPlanReview)

	app.Use(func(c *fiber.Ctx) error { return errNotFound })
}

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

	// Who may enter is read off the three groups below. Mentors are
	// signed-in users; that they mentor the person in the URL is checked
	// where the mentee is loaded (h.mentee, h.planMentee), which answers
	// 404 to anyone else.
	pub := group{r: app}
	me := group{r: app, guard: h.requireUser}
	mentor := group{r: app, guard: h.requireUser}
	acct := newAccounts(h)

	// Public: guests take the assessments and see their own results.
	pub.get("/", h.landingShow)
	pub.get("/assess/:assessment", h.assessmentIntro)
	pub.post("/assess/:assessment", h.attemptCreate)
	pub.get("/assess/:assessment/review", h.assessmentReview)
	pub.post("/assess/:assessment/submit", h.assessmentSubmit)
	pub.post("/assess/:assessment/answer", h.answerSave)
	pub.get("/assess/:assessment/:page<int>", h.assessmentShow)
	pub.post("/assess/:assessment/:page<int>", h.pageSave)
	pub.get("/results/:id", h.resultsShow)
	pub.get("/method", h.methodShow)
	pub.get("/register", h.registerShow)
	pub.post("/register", acct.registerCreate)
	pub.get("/signin", h.signinShow)
	pub.post("/signin", acct.signinCreate)
	pub.post("/signout", h.signout)
	pub.get("/invite/:token", h.invitationShow)
	// Signing in with a second factor, and the links sent by email or
	// made by the operator (bearer tokens, so open to whoever holds one).
	pub.get("/signin/code", h.signinCodeShow)
	pub.post("/signin/code", h.signinCodeCreate)
	pub.get("/password/forgot", h.passwordForgotShow)
	pub.post("/password/forgot", h.passwordForgotCreate)
	pub.get("/password/reset/:token", h.passwordResetShow)
	pub.post("/password/reset/:token", h.passwordResetSave)
	pub.get("/email/confirm/:token", h.emailConfirmShow)
	pub.post("/email/confirm/:token", h.emailConfirmSave)
	pub.get("/reminders/stop/:token", h.remindersStopShow)
	pub.post("/reminders/stop/:token", h.remindersStop)

	// Signed in: the account, invitations and the plan.
	me.get("/me", h.meShow)
	me.post("/me/locale", h.meLocaleSave)
	me.get("/me/export", h.meExport)
	me.get("/me/delete", h.meDeleteShow)
	me.post("/me/delete", acct.meDelete)
	me.get("/me/feedback", h.meFeedback)
	me.get("/me/invitations", h.invitationList)
	me.post("/me/invitations", h.invitationCreate)
	me.post("/me/invitations/:id<int>/revoke", h.invitationRevoke)
	me.post("/me/mentors/:id<int>/end", h.meMentorEnd)
	me.get("/me/security", h.meSecurityShow)
	me.post("/me/password", h.mePasswordSave)
	me.post("/me/email", h.meEmailSave)
	me.post("/me/sessions/end-others", h.meSessionsEndOthers)
	me.post("/me/sessions/:id/end", h.meSessionEnd)
	me.post("/me/2fa/start", h.meTOTPStart)
	me.get("/me/2fa", h.meTOTPShow)
	me.get("/me/2fa/qr.png", h.meTOTPQR)
	me.post("/me/2fa", h.meTOTPConfirm)
	me.post("/me/2fa/disable", h.meTOTPDisable)
	me.post("/me/reminders", h.meRemindersSave)
	me.post("/invite/:token/accept", h.invitationAccept)
	me.post("/invite/:token/decline", h.invitationDecline)
	me.get("/plan", h.planShow)
	me.get("/plan.pdf", h.planPDFOwn)
	me.get("/plan/v/:n<int>", h.planVersionShow)
	me.post("/plan/target", h.planTargetSave)
	me.post("/plan/build", h.planBuild)
	me.post("/plan/actions", h.planActionSave)
	me.post("/plan/actions/edit", h.planActionEdit)
	me.post("/plan/actions/new", h.planActionAdd)
	me.post("/plan/hours", h.planHoursSave)
	me.post("/plan/suggestions/:id<int>/accept", h.planSuggestionAccept)
	me.post("/plan/suggestions/:id<int>/decline", h.planSuggestionDecline)
	me.post("/plan/submit", h.planSubmit)
	me.post("/plan/withdraw", h.planWithdraw)

	// Mentor: the dashboard, and each mentee's pages.
	mentor.get("/mentor", h.mentorDashboard)
	mentor.get("/mentor/mentees/:id<int>", h.mentorMentee)
	mentor.post("/mentor/mentees/:id<int>/step-down", h.mentorStepDown)
	mentor.get("/mentor/mentees/:id<int>/rating", h.ratingShow)
	mentor.post("/mentor/mentees/:id<int>/rating", h.ratingSave)
	mentor.get("/mentor/mentees/:id<int>/plan", h.mentorPlanShow)
	mentor.get("/mentor/mentees/:id<int>/plan.pdf", h.mentorPlanPDF)
	mentor.post("/mentor/mentees/:id<int>/plan/review", h.mentorPlanReview)
	mentor.post("/mentor/mentees/:id<int>/plan/suggest", h.planSuggestionCreate)

	// Teams. Organisers are signed-in users; that they organise the team
	// in the URL is checked where the team is loaded (h.teamOf), which
	// answers 404 to anyone else, members and former members included.
	organiser := group{r: app, guard: h.requireUser}
	me.get("/teams", h.teamList)
	me.post("/teams", h.teamCreate)
	organiser.get("/teams/:id<int>", h.teamShow)
	organiser.get("/teams/:id<int>/report.pdf", h.teamPDF)
	organiser.get("/teams/:id<int>/report.csv", h.teamCSV)
	organiser.get("/teams/:id<int>/members/:uid<int>/plan", h.teamMemberPlan)
	organiser.get("/teams/:id<int>/manage", h.teamManage)
	organiser.post("/teams/:id<int>/rename", h.teamRename)
	organiser.post("/teams/:id<int>/floor", h.teamFloorSave)
	organiser.post("/teams/:id<int>/archive", h.teamArchive)
	organiser.post("/teams/:id<int>/delete", h.teamDelete)
	organiser.post("/teams/:id<int>/members/:uid<int>/role", h.teamRoleSave)
	organiser.post("/teams/:id<int>/links", h.teamLinkCreate)
	organiser.post("/teams/:id<int>/links/:lid<int>/revoke", h.teamLinkRevoke)
	organiser.post("/teams/:id<int>/invite", h.teamInvite)
	// Members: a guest opening a join link is asked to sign in first.
	pub.get("/join/:token", h.teamJoinShow)
	me.post("/join/:token", h.teamJoin)
	me.get("/me/teams", h.meTeams)
	me.post("/me/teams/:id<int>/share", h.meTeamShare)
	me.post("/me/teams/:id<int>/leave", h.meTeamLeave)

	app.Use(func(c *fiber.Ctx) error { return errNotFound })
}

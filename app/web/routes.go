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

	app.Use(func(c *fiber.Ctx) error { return errNotFound })
}

// Package web is cpopath's HTTP face: the Fiber app, its middleware, one
// file per page or action, and the error page. New is the only constructor;
// main and the tests both use it, so what is tested is what runs.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"cpopath/app/account"
	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/i18n"
	"cpopath/app/mail"
	"cpopath/app/store"
)

// Config holds the web layer's settings; main fills it from flags and env.
type Config struct {
	// Files is the root holding static/ and templates/.
	Files fs.FS
	// Dev re-reads templates on every request.
	Dev bool
	// TrustProxy makes the app believe X-Forwarded-Proto and
	// X-Forwarded-For from the proxy in front of it (for HSTS, Secure
	// cookies and per-IP rate limits).
	TrustProxy bool
	// BodyLimit caps a request body in bytes.
	BodyLimit int
	Logger    *slog.Logger
	// Now is the clock; tests fix it.
	Now func() time.Time
	// MaxConns caps the connections served at once; more are answered 503
	// and closed, so that a flood cannot use up the file descriptors the
	// database needs. 0 is fasthttp's default (262,144).
	MaxConns int
	// BcryptCost is the work factor of new password hashes; 0 is
	// account.DefaultCost. Tests lower it: the race detector makes every
	// hash ten times slower.
	BcryptCost int
	// Sleep holds an answer (the throttle's slow-down); tests shorten it.
	Sleep func(time.Duration)
	// BaseURL is how people reach the app, e.g. https://cpopath.example.org:
	// every absolute link (invitations, emails) starts with it, never with
	// the request's Host header. Empty means http://localhost.
	BaseURL string
	// Mail sends email; nil or disabled means the app offers none.
	Mail *mail.Mailer
	// RemindEvery is how often due milestone reminders are looked for
	// (with email only); tests shorten it. Zero means hourly.
	RemindEvery time.Duration
}

// Deps are the parts the web layer serves.
type Deps struct {
	Store       *store.Store
	Content     *content.Content
	Assessments *assess.Set
	I18n        *i18n.Bundle
}

// handler holds what every page and action needs.
type handler struct {
	cfg    Config
	st     *store.Store
	c      *content.Content
	as     *assess.Set
	tr     *i18n.Bundle
	log    *slog.Logger
	views  *renderer
	secret []byte // signs CSRF tokens
	cache  *pageCache
	// roadmaps renders and caches plan PDFs (plan_pdf.go); ready as zero.
	roadmaps roadmaps
	invites  invitationLimits
	// rebuilds bounds plan rebuilds per person (plan_build.go).
	rebuilds *rateLimiter
	// hasher hashes new passwords; dummyHash is its hash of nothing, for
	// sign-ins that name an unknown email (account_password.go).
	hasher    account.Hasher
	dummyHash func() string
	guesses   *throttle     // password and code guesses (throttle.go)
	codes     *pendingCodes // sign-ins waiting for a second factor
	mail      *mail.Mailer
}

// New builds the Fiber app with every route and middleware.
func New(ctx context.Context, cfg Config, d Deps) (*fiber.App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RemindEvery == 0 {
		cfg.RemindEvery = time.Hour
	}
	if cfg.Sleep == nil {
		cfg.Sleep = time.Sleep
	}
	base, err := normalBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = base
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 64 << 10
	}
	secret, err := d.Store.Secret(ctx, "csrf")
	if err != nil {
		return nil, err
	}
	views, err := newRenderer(cfg.Files, cfg.Dev, d.I18n)
	if err != nil {
		return nil, err
	}
	h := &handler{
		cfg: cfg, st: d.Store, c: d.Content, as: d.Assessments, tr: d.I18n,
		log: cfg.Logger, views: views, secret: secret, cache: newPageCache(),
		invites: newInvitationLimits(cfg.Now), hasher: account.NewHasher(cfg.BcryptCost),
		guesses: newThrottle(cfg.Now), codes: newPendingCodes(cfg.Now), mail: cfg.Mail,
		rebuilds: newRateLimiter(rebuildLimit, rebuildWindow, cfg.Now),
	}
	h.dummyHash = dummyHash(h.hasher)
	fcfg := fiber.Config{
		AppName:               "cpopath",
		BodyLimit:             cfg.BodyLimit,
		ReadTimeout:           10 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		DisableStartupMessage: true,
		ErrorHandler:          h.handleError,
		Concurrency:           cfg.MaxConns,
	}
	if cfg.TrustProxy {
		fcfg.ProxyHeader = fiber.HeaderXForwardedFor
	}
	app := fiber.New(fcfg)
	mountBenchBare(app)
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		h.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(e))
	}}))
	app.Use(requestid.New())
	app.Use(formFromBody)
	app.Use(h.accessLog)
	app.Use(h.securityHeaders)
	// PDFs are sent as rendered: compressing each response again held a
	// compressor and a copy of the document per request in flight, which
	// a burst of downloads multiplied.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool { return strings.HasSuffix(c.Path(), ".pdf") }}))
	// ETags only for static files: pages are per user and no-store, and
	// the middleware's CRC (a table-driven polynomial) over every rendered
	// page cost more than serving a cached page.
	app.Use(etag.New(etag.Config{Next: func(c *fiber.Ctx) bool { return !strings.HasPrefix(c.Path(), "/static/") }}))
	h.routes(app)
	if h.mail.Enabled() {
		go h.remindLoop(ctx)
	}
	return app, nil
}

func requestID(c *fiber.Ctx) string {
	if v, ok := c.Locals("requestid").(string); ok {
		return v
	}
	return ""
}

// logPath keeps secrets out of the access log: invitation, team, password-
// reset, email-confirmation and reminder links are bearer tokens.
func logPath(p string) string {
	for _, prefix := range tokenPaths {
		if strings.HasPrefix(p, prefix) {
			return prefix + "…"
		}
	}
	return p
}

// tokenPaths are the paths whose rest is a secret token.
var tokenPaths = []string{"/invite/", "/join/", "/password/reset/", "/email/confirm/", "/reminders/stop/"}

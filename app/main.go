// Command cpopath serves the CPO career-path tool: a skills self-assessment,
// a career-path assessment, a development plan with a PDF roadmap, and
// mentor reviews, over one SQLite file.
//
// Usage:
//
//	cpopath [flags]              serve
//	cpopath backup FILE          write a consistent copy of the database
//	cpopath restore FILE         put a backup in place (the server stopped)
//	cpopath user COMMAND [EMAIL] list, show, disable, enable, reset-link or
//	                             reset-2fa accounts (usercmd.go)
//	cpopath stats [ASSESSMENT]   internal consistency of an assessment's
//	                             items from stored completed attempts
//
// This file is the composition root: the only place that reads flags and
// the environment, opens the database and wires the parts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"cpopath"
	"cpopath/app/mail"
	"cpopath/app/store"
	"cpopath/app/web"
)

type config struct {
	addr       string
	db         string
	dev        bool
	trustProxy bool
	create     bool
	guestTTL   time.Duration
	maxConns   int
	maxPerIP   int
	baseURL    string
	smtpURL    string
	mailFrom   string
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

// envDuration reads a duration such as "2160h" from the environment; an
// unset or unreadable value gives def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= 0 {
		return n
	}
	return def
}

// defaultMaxConns leaves a quarter of the process's file descriptors (Go
// raises the soft limit to the hard one at start) to the database, its
// log and the rest, so a flood of connections is refused before opening
// a file fails.
func defaultMaxConns() int {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur == 0 {
		return 768
	}
	return int(min(lim.Cur/4*3, 50000))
}

func main() {
	out := newLogWriter(os.Stderr, 100*time.Millisecond)
	log := slog.New(slog.NewJSONHandler(out, nil))
	err := run(os.Args[1:], log, out)
	var ce cliError
	switch {
	case errors.As(err, &ce):
		// An operator command speaks to a person at a terminal.
		fmt.Fprintln(os.Stderr, "cpopath:", ce.err)
	case err != nil:
		log.Error("cpopath stopped", "err", err)
	}
	out.Close()
	if err != nil {
		os.Exit(1)
	}
}

// run parses args and does what they say; log is the server's logger and
// logOut the stream under it, which also takes the access log directly.
func run(args []string, log *slog.Logger, logOut io.Writer) error {
	fl := flag.NewFlagSet("cpopath", flag.ContinueOnError)
	var cfg config
	fl.StringVar(&cfg.addr, "addr", envOr("CPOPATH_ADDR", "127.0.0.1:8080"), "listen address (env CPOPATH_ADDR)")
	fl.StringVar(&cfg.db, "db", envOr("CPOPATH_DB", "data/cpopath.db"), "SQLite database file (env CPOPATH_DB)")
	fl.BoolVar(&cfg.dev, "dev", envBool("CPOPATH_DEV"), "read content, assessments, static and templates from disk (env CPOPATH_DEV)")
	fl.BoolVar(&cfg.trustProxy, "trust-proxy", envBool("CPOPATH_TRUST_PROXY"), "trust X-Forwarded-For/-Proto from a reverse proxy (env CPOPATH_TRUST_PROXY)")
	fl.BoolVar(&cfg.create, "create", envBool("CPOPATH_CREATE"), "take an empty or schema-less database file as a new database (env CPOPATH_CREATE)")
	fl.DurationVar(&cfg.guestTTL, "guest-ttl", envDuration("CPOPATH_GUEST_TTL", 90*24*time.Hour), "remove guests' unfinished assessments idle this long (env CPOPATH_GUEST_TTL)")
	fl.IntVar(&cfg.maxConns, "max-conns", envInt("CPOPATH_MAX_CONNS", defaultMaxConns()), "connections served at once; more get 503 (env CPOPATH_MAX_CONNS)")
	fl.IntVar(&cfg.maxPerIP, "max-conns-per-ip", envInt("CPOPATH_MAX_CONNS_PER_IP", 256), "connections from one address; 0 is no cap, and -trust-proxy turns it off (env CPOPATH_MAX_CONNS_PER_IP)")
	fl.StringVar(&cfg.baseURL, "base-url", envOr("CPOPATH_BASE_URL", ""), "how people reach the app, e.g. https://cpopath.example.org; starts every link in invitations and emails (env CPOPATH_BASE_URL; default http:// and -addr)")
	fl.StringVar(&cfg.smtpURL, "smtp-url", envOr("CPOPATH_SMTP_URL", ""), "send email through smtp://user:pass@host:port (STARTTLS) or smtps:// (TLS); empty: no email (env CPOPATH_SMTP_URL)")
	fl.StringVar(&cfg.mailFrom, "mail-from", envOr("CPOPATH_MAIL_FROM", ""), "sender address of emails, e.g. cpopath <noreply@example.org> (env CPOPATH_MAIL_FROM)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch fl.Arg(0) {
	case "backup":
		if fl.NArg() != 2 {
			return errors.New("usage: cpopath [-db FILE] backup DEST")
		}
		return backup(ctx, cfg.db, fl.Arg(1), log)
	case "restore":
		if fl.NArg() != 2 {
			return errors.New("usage: cpopath [-db FILE] restore BACKUP")
		}
		if err := store.Restore(ctx, fl.Arg(1), cfg.db); err != nil {
			return err
		}
		log.Info("backup restored", "db", cfg.db, "from", fl.Arg(1))
		return nil
	}
	if cfg.baseURL == "" {
		cfg.baseURL = "http://" + cfg.addr
	}
	if fl.Arg(0) == "user" {
		if err := userCommand(ctx, cfg, fl.Args()[1:], os.Stdout); err != nil {
			return cliError{err}
		}
		return nil
	}
	if fl.Arg(0) == "stats" {
		return stats(ctx, cfg, fl.Args()[1:], os.Stdout)
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unknown command %q", fl.Arg(0))
	}
	return serve(ctx, cfg, log, logOut)
}

func backup(ctx context.Context, db, dest string, log *slog.Logger) error {
	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, dest); err != nil {
		return err
	}
	log.Info("backup written", "db", db, "to", dest)
	return nil
}

// stats runs `cpopath stats [ASSESSMENT]` (cpo-skills by default).
func stats(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) > 1 {
		return errors.New("usage: cpopath [-db FILE] stats [ASSESSMENT]")
	}
	deps, err := web.Load(cpopath.Files)
	if err != nil {
		return err
	}
	id := "cpo-skills"
	if len(args) == 1 {
		id = args[0]
	}
	a := deps.Assessments.Get(id)
	if a == nil {
		return fmt.Errorf("stats: no assessment %q", id)
	}
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	err = runStats(ctx, out, st, a)
	if errors.Is(err, errTooFew) {
		// An operator reads this at a terminal: say it plainly as well as
		// in the log line.
		fmt.Fprintln(os.Stderr, err)
	}
	return err
}

// serverGCPercent is the collector's target for the server when GOGC is not
// set. A roadmap allocates about 16 MB while it renders, much of it while a
// collection is marking, so with Go's default of 100 the heap grew to twice
// a live heap inflated by one render and a burst of roadmaps peaked over
// the 100 MB the server is meant to stay under. 50 holds the heap to one and
// a half times the live heap; it costs a few per cent of CPU, and unlike a
// memory limit it never makes the collector run without pause when many
// people are in at once.
const serverGCPercent = 50

func serve(ctx context.Context, cfg config, log *slog.Logger, logOut io.Writer) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
	var files fs.FS = cpopath.Files
	if cfg.dev {
		files = os.DirFS(".")
	}
	deps, err := web.Load(files)
	if err != nil {
		return err
	}
	st, err := store.OpenWith(ctx, cfg.db, store.Options{Create: cfg.create})
	if err != nil {
		return err
	}
	defer st.Close()
	deps.Store = st
	perIP := cfg.maxPerIP
	if cfg.trustProxy {
		perIP = 0 // every connection comes from the proxy
	}
	mailer, err := mail.New(mail.Config{URL: cfg.smtpURL, From: cfg.mailFrom}, deps.I18n, log)
	if err != nil {
		return err
	}
	mailDone := make(chan struct{})
	go func() { mailer.Run(ctx); close(mailDone) }()
	defer func() { <-mailDone }()
	go tidyActivity(ctx, st, log)
	app, err := web.New(ctx, web.Config{Files: files, Dev: cfg.dev, TrustProxy: cfg.trustProxy, Logger: log, AccessLog: logOut,
		MaxConns: cfg.maxConns, BaseURL: cfg.baseURL, Mail: mailer}, deps)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	// Guests' abandoned assessments are swept hourly, from the start.
	go st.ExpireGuestAttemptsEvery(ctx, time.Hour, cfg.guestTTL, func(n int64, err error) {
		if err != nil {
			log.Error("expiring guest attempts failed", "err", err)
		} else if n > 0 {
			log.Info("expired guest attempts", "removed", n, "idle_longer_than", cfg.guestTTL.String())
		}
	})
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(web.NewListener(ln, perIP, log)) }()
	log.Info("cpopath listening", "addr", "http://"+cfg.addr, "db", cfg.db, "dev", cfg.dev, "base_url", cfg.baseURL, "email", mailer.Enabled())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return app.ShutdownWithContext(sctx)
}

// tidyActivity removes security events older than their keeping time,
// once at start and then daily: the log keeps 180 days even for someone
// who stops coming back.
func tidyActivity(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if n, err := st.DeleteOldActivity(ctx); err != nil && ctx.Err() == nil {
			log.Warn("delete old activity", "err", err)
		} else if n > 0 {
			log.Info("old activity deleted", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cliError is the failure of an operator command, printed as plain text.
type cliError struct{ err error }

func (e cliError) Error() string { return e.err.Error() }
func (e cliError) Unwrap() error { return e.err }

// Package mail sends cpopath's emails: password reset links, invitations,
// review notices, address confirmations and milestone reminders, each in
// the recipient's language, as plain text with an HTML alternative.
// Email is optional: a Mailer built without an SMTP URL is disabled and
// every caller checks Enabled before offering anything that needs it.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"cpopath/app/i18n"
)

// Config is the one setting: an SMTP URL and the sender's address.
//
//	smtp://user:pass@host:587    STARTTLS required (the default)
//	smtps://user:pass@host:465   TLS from the first byte
//	smtp://host:25?tls=opportunistic  STARTTLS when offered
//	smtp://127.0.0.1:1025?tls=none    no TLS: only for a relay on this machine
type Config struct {
	URL  string
	From string
	// RootCAs, when set, replaces the system's trusted roots (tests use a
	// certificate of their own); never set from a flag.
	RootCAs *x509.CertPool
}

// Message is one email to send: Kind names its texts (mail.<kind>.subject,
// .body, .action in the bundle), Args fill them, and Link is the one
// button or link it carries.
type Message struct {
	To   string
	Lang string
	Kind string
	Args []any
	Link string
	// Stop, when set, is a link that stops this kind of email (reminders);
	// it is also sent as the List-Unsubscribe header.
	Stop string
}

// Mailer turns Messages into emails and sends them from a queue, so that a
// request never waits for an SMTP server (and a password reset for an
// unknown address takes as long as for a known one).
type Mailer struct {
	from   string
	opts   []gomail.Option
	host   string
	tr     *i18n.Bundle
	log    *slog.Logger
	queue  chan Message
	closed chan struct{}
}

// queueSize bounds the emails waiting to be sent; past it Send refuses
// rather than holding memory without end.
const queueSize = 256

// ErrQueueFull is returned when too many emails wait already.
var ErrQueueFull = errors.New("mail: queue full")

// New checks cfg and returns a Mailer; an empty URL gives a disabled one.
func New(cfg Config, tr *i18n.Bundle, log *slog.Logger) (*Mailer, error) {
	if log == nil {
		log = slog.Default()
	}
	m := &Mailer{tr: tr, log: log, closed: make(chan struct{})}
	if cfg.URL == "" {
		return m, nil
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errors.New("mail: the SMTP URL does not parse")
	}
	if cfg.From == "" || !strings.Contains(cfg.From, "@") {
		return nil, errors.New("mail: -mail-from needs a sender address")
	}
	opts := []gomail.Option{gomail.WithTimeout(20 * time.Second)}
	port := 0
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("mail: port %q is not a number", p)
		}
	}
	switch u.Scheme {
	case "smtps":
		opts = append(opts, gomail.WithSSL(), gomail.WithPort(orPort(port, 465)))
	case "smtp":
		policy := gomail.TLSMandatory
		switch u.Query().Get("tls") {
		case "", "mandatory", "starttls":
		case "opportunistic":
			policy = gomail.TLSOpportunistic
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, fmt.Errorf("mail: tls=%q: use mandatory, opportunistic or none", u.Query().Get("tls"))
		}
		opts = append(opts, gomail.WithTLSPolicy(policy), gomail.WithPort(orPort(port, 587)))
	default:
		return nil, fmt.Errorf("mail: scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	if u.Hostname() == "" {
		return nil, errors.New("mail: the SMTP URL names no host")
	}
	opts = append(opts, gomail.WithTLSConfig(&tls.Config{ServerName: u.Hostname(), RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}))
	m.host, m.opts, m.from = u.Hostname(), opts, cfg.From
	m.queue = make(chan Message, queueSize)
	return m, nil
}

func orPort(p, def int) int {
	if p == 0 {
		return def
	}
	return p
}

// Enabled reports whether email is configured.
func (m *Mailer) Enabled() bool { return m != nil && m.queue != nil }

// Run sends queued emails until ctx ends, then sends what is left.
func (m *Mailer) Run(ctx context.Context) {
	if !m.Enabled() {
		return
	}
	for {
		select {
		case msg := <-m.queue:
			m.deliver(ctx, msg)
		case <-ctx.Done():
			for {
				select {
				case msg := <-m.queue:
					m.deliver(context.Background(), msg)
				default:
					return
				}
			}
		}
	}
}

func (m *Mailer) deliver(ctx context.Context, msg Message) {
	// Addresses are personal data: the log names the kind only.
	if err := m.SendNow(ctx, msg); err != nil {
		m.log.Error("email not sent", "kind", msg.Kind, "err", err)
		return
	}
	m.log.Info("email sent", "kind", msg.Kind)
}

// Send queues msg; it fails only when email is off or the queue is full.
func (m *Mailer) Send(msg Message) error {
	if !m.Enabled() {
		return errors.New("mail: email is not configured")
	}
	select {
	case m.queue <- msg:
		return nil
	default:
		return ErrQueueFull
	}
}

// SendNow builds and sends msg at once.
func (m *Mailer) SendNow(ctx context.Context, msg Message) error {
	if !m.Enabled() {
		return errors.New("mail: email is not configured")
	}
	gm, err := m.build(msg)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(m.host, m.opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, gm); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return nil
}

// build renders msg into a MIME message.
func (m *Mailer) build(msg Message) (*gomail.Msg, error) {
	l := m.tr.Localizer(msg.Lang)
	txt, html := Render(l, msg)
	gm := gomail.NewMsg()
	if err := gm.From(m.from); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := gm.To(msg.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	gm.Subject(l.T("mail."+msg.Kind+".subject", msg.Args...))
	gm.SetGenHeader(gomail.HeaderContentLang, l.Lang())
	gm.SetMessageID()
	gm.SetDate()
	if msg.Stop != "" {
		gm.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+msg.Stop+">")
	}
	gm.SetBodyString(gomail.TypeTextPlain, txt)
	gm.AddAlternativeString(gomail.TypeTextHTML, html)
	return gm, nil
}

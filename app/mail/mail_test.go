package mail_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cpopath/app/i18n"
	"cpopath/app/mail"
	"cpopath/app/mail/mailtest"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load(os.DirFS("../.."), "content/locales")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A message sent over STARTTLS with a login arrives in the recipient's
// language, as plain text and HTML, with the link intact and escaped.
func TestSendOverSTARTTLS(t *testing.T) {
	srv := mailtest.Start(t)
	tr := bundle(t)
	m, err := mail.New(mail.Config{URL: srv.URL, From: "cpopath <noreply@example.org>", RootCAs: srv.Roots}, tr, nil)
	if err != nil || !m.Enabled() {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	link := "https://cpopath.example/invite/abc?x=1&y=2"
	for _, lang := range tr.Langs() {
		to := "mentor-" + lang + "@example.org"
		if err := m.Send(mail.Message{To: to, Lang: lang, Kind: "invite", Args: []any{"Name", "Ada <Lovelace>", "Days", 14}, Link: link}); err != nil {
			t.Fatal(err)
		}
		got := srv.Wait(t, to, "")
		l := tr.Localizer(lang)
		if want := l.T("mail.invite.subject", "Name", "Ada <Lovelace>"); got.Subject != want {
			t.Errorf("%s subject = %q, want %q", lang, got.Subject, want)
		}
		if !strings.Contains(got.Text, link) || !strings.Contains(got.Text, l.T("mail.invite.action")) || !strings.Contains(got.Text, "Ada <Lovelace>") {
			t.Errorf("%s text lacks the link, action or name:\n%s", lang, got.Text)
		}
		if !strings.Contains(got.HTML, `href="https://cpopath.example/invite/abc?x=1&amp;y=2"`) || !strings.Contains(got.HTML, "Ada &lt;Lovelace&gt;") ||
			!strings.Contains(got.HTML, `lang="`+lang+`"`) {
			t.Errorf("%s HTML lacks the escaped link or name:\n%s", lang, got.HTML)
		}
		if cl := got.Headers["Content-Language"]; len(cl) != 1 || cl[0] != lang {
			t.Errorf("%s Content-Language = %v", lang, cl)
		}
	}
}

// Without TLS, a server that offers no STARTTLS is refused unless the URL
// says tls=none; the setting is checked when the app starts.
func TestConfig(t *testing.T) {
	tr := bundle(t)
	if m, err := mail.New(mail.Config{}, tr, nil); err != nil || m.Enabled() {
		t.Errorf("an empty URL: enabled %v, %v", m.Enabled(), err)
	}
	if err := (&mail.Mailer{}).Send(mail.Message{}); err == nil {
		t.Error("a disabled mailer sent")
	}
	for _, bad := range []string{"http://host", "smtp://host:abc", "smtp://host?tls=maybe", "smtp://", "::"} {
		if _, err := mail.New(mail.Config{URL: bad, From: "a@example.org"}, tr, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := mail.New(mail.Config{URL: "smtp://host"}, tr, nil); err == nil {
		t.Error("no sender accepted")
	}
	srv := mailtest.Start(t)
	// The server's certificate is not trusted by the system: a mandatory
	// STARTTLS refuses to send rather than send in the clear.
	m, _ := mail.New(mail.Config{URL: srv.URL, From: "a@example.org"}, tr, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.SendNow(ctx, mail.Message{To: "x@example.org", Lang: "en", Kind: "reset"}); err == nil {
		t.Error("sent to a server whose certificate is not trusted")
	}
	m, _ = mail.New(mail.Config{URL: srv.PlainURL, From: "a@example.org"}, tr, nil)
	if err := m.SendNow(ctx, mail.Message{To: "plain@example.org", Lang: "de", Kind: "reset", Link: "http://x/y"}); err != nil {
		t.Fatalf("tls=none: %v", err)
	}
	if got := srv.Wait(t, "plain@example.org", ""); got.Subject != tr.Localizer("de").T("mail.reset.subject") {
		t.Errorf("subject %q", got.Subject)
	}
}

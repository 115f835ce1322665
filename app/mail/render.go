package mail

import (
	"html/template"
	"strings"

	"cpopath/app/i18n"
)

// Render returns msg's plain text and HTML in l's language: a greeting,
// the body's paragraphs (blank-line separated in the bundle), the link
// with its label, and the footer saying why the email came.
func Render(l *i18n.Localizer, msg Message) (text, html string) {
	paras := strings.Split(l.T("mail."+msg.Kind+".body", msg.Args...), "\n\n")
	d := page{
		Lang:     l.Lang(),
		Subject:  l.T("mail."+msg.Kind+".subject", msg.Args...),
		Greeting: l.T("mail.greeting"),
		Paras:    paras,
		Link:     msg.Link,
		Action:   l.T("mail." + msg.Kind + ".action"),
		Footer:   l.T("mail.footer"),
		Stop:     msg.Stop,
		StopText: l.T("mail.stop"),
	}
	var t strings.Builder
	t.WriteString(d.Greeting + "\n\n")
	for _, p := range paras {
		t.WriteString(p + "\n\n")
	}
	if d.Link != "" {
		t.WriteString(d.Action + ":\n" + d.Link + "\n\n")
	}
	if d.Stop != "" {
		t.WriteString(d.StopText + ":\n" + d.Stop + "\n\n")
	}
	t.WriteString("-- \n" + d.Footer + "\n")
	var h strings.Builder
	if err := htmlPage.Execute(&h, d); err != nil {
		// The template is fixed and its data are strings: this cannot
		// fail short of a bug, and the plain text still goes.
		return t.String(), ""
	}
	return t.String(), h.String()
}

type page struct {
	Lang, Subject, Greeting, Link, Action, Footer, Stop, StopText string
	Paras                                                         []string
}

// The HTML part: no images, no external resources, styles inline because
// mail clients drop style sheets.
var htmlPage = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36em">
<p>{{.Greeting}}</p>
{{range .Paras}}<p>{{.}}</p>
{{end}}{{if .Link}}<p><a href="{{.Link}}" style="display: inline-block; padding: .6em 1.2em; background: #1f4e79; color: #fff; text-decoration: none; border-radius: 4px">{{.Action}}</a></p>
<p style="font-size: .9em">{{.Link}}</p>
{{end}}{{if .Stop}}<p style="font-size: .9em"><a href="{{.Stop}}">{{.StopText}}</a></p>
{{end}}<hr><p style="font-size: .85em; color: #555">{{.Footer}}</p>
</body></html>
`))

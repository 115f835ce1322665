package web

import (
	"os"
	"testing"

	"cpopath/app/i18n"
)

// Every status an error page can show has a heading in every language.
func TestEveryErrorStatusHasAHeading(t *testing.T) {
	b, err := i18n.Load(os.DirFS("../.."), "content/locales")
	if err != nil {
		t.Fatal(err)
	}
	for status := 400; status < 600; status++ {
		id := "error.heading." + errorKind(status)
		for _, lang := range b.Langs() {
			if !b.Localizer(lang).Has(id) {
				t.Errorf("status %d: no %s", status, id)
			}
		}
	}
	if errorKind(404) == errorKind(500) || errorKind(404) == errorKind(400) {
		t.Error("a missing page is titled like any other error")
	}
}

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// shoot writes a PNG of the top of the current page at width.
func (tb *tab) shoot(dir, name string, width, height int64) {
	tb.t.Helper()
	tb.do("viewport", chromedp.EmulateViewport(width, height))
	img := run(tb, "screenshot "+name, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		return r.Data, err
	})
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.do("viewport", chromedp.EmulateViewport(tb.width, 900))
}

// TestScreenshots regenerates the README's screenshots (make screenshots):
// the landing page, an assessment page, results, the plan, the mentor
// dashboard and a PDF page. It runs only when CPOPATH_SCREENSHOTS names
// the folder to write.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("CPOPATH_SCREENSHOTS")
	if dir == "" {
		t.Skip("set CPOPATH_SCREENSHOTS=dir to write the README screenshots (make screenshots)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	j := newJourney(t)
	ada, mark := newAccount("Ada Lovelace"), newAccount("Mark Mentor")
	mentee := menteeWithPlan(t, j.srv, ada)
	mentorOf(t, j.srv, mentee, mark)

	guest := j.person("guest").tab()
	guest.open("landing", "/")
	guest.shoot(dir, "landing", desktopWidth, 800)
	guest.shoot(dir, "landing-phone", phoneWidth, 844)
	guest.click("intro", `main a.button[href="/assess/cpo-skills"]`)
	guest.click("start", `main form[action="/assess/cpo-skills"] button[type=submit]`)
	guest.answer(guest.questions()[:3], 0)
	guest.do("scroll", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	guest.shoot(dir, "assessment", desktopWidth, 800)
	guest.shoot(dir, "assessment-phone", phoneWidth, 844)

	tb := j.person("ada").tab()
	tb.signIn(ada)
	tb.click("results", `main table.history a[href^="/results/"]`)
	tb.shoot(dir, "results", desktopWidth, 900)
	tb.open("plan", "/plan")
	tb.shoot(dir, "plan", desktopWidth, 900)
	pdf, ctype := tb.download("/plan.pdf")
	tb.pdfText(pdf, ctype)
	f := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pdf")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", f, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, b)
	}

	mentor := j.person("mark").tab()
	mentor.signIn(mark)
	mentor.open("mentor", "/mentor")
	mentor.shoot(dir, "mentor", desktopWidth, 800)
}

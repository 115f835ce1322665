// Package e2e proves cpopath in a real browser. Its tests start the real
// app in-process on a loopback listener over a fresh SQLite file and drive
// Debian's chromium through the DevTools protocol (chromedp): the user
// journeys of a guest, a registered person and their mentor, keyboard-only
// use, language switching and the PDF roadmap. Every page a journey visits
// is checked with axe-core (WCAG 2.2 AA, no serious or critical violation),
// with html-validate, and for Content-Security-Policy violations in the
// browser console.
//
// Without chromium the browser tests skip, unless CI is set, where a missing
// browser is a failure. On failure each journey writes a screenshot per step
// to $CPOPATH_ARTIFACTS (default tmp/e2e-artifacts at the repository root).
// With CPOPATH_SCREENSHOTS=dir, TestScreenshots writes the README's
// screenshots there (make screenshots). With CPOPATH_LOOK=dir the journeys
// also write every new page at 390 px, at 1280 px and in dark mode, to look
// at before changing the stylesheet; CPOPATH_E2E_TIMING=1 logs where each
// journey's time goes.
//
// Beyond axe-core, every page is also checked once at a phone's width for
// sideways scrolling. axe-core and that check run once per page signature
// (the kinds of element a page has): the pages of one template with other
// data are judged alike, and a suite that re-checked each of them would
// not fit the time CI has.
package e2e

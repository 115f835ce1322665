package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// layers says which cpopath packages each package under app/ may import
// (DESIGN.md §3): imports point inward only. Every package under app/ must
// be listed; a package listed here that does not exist yet (app/mail,
// app/usertext) is a place kept for it.
var layers = map[string][]string{
	"content":  {},
	"i18n":     {},
	"account":  {"usertext"},
	"usertext": {},
	"mail":     {"i18n"},
	// mailtest runs a real SMTP server for the tests.
	"mail/mailtest": {},
	"assess":        {"content"},
	"plan":          {"assess", "content"},
	// team aggregates members' results: pure, beside plan, so that the
	// store can hand it what it reads and the PDF can print it.
	"team":  {"assess", "content"},
	"store": {"assess", "plan", "content", "team"},
	"pdf":   {"plan", "assess", "content", "i18n", "team"},

	"web/chart":  {},
	"web/render": {"i18n", "content"},
	"web": {"account", "usertext", "mail", "web/chart", "web/render", "store", "pdf", "plan", "assess",
		"content", "i18n", "team"},

	// Test and benchmark suites drive the product from outside.
	"testkit":   {"web", "store", "account", "usertext", "mail", "web/chart", "web/render", "pdf", "plan", "assess", "content", "i18n", "team"},
	"bench":     {"testkit", "web", "store", "account", "usertext", "mail", "web/chart", "web/render", "pdf", "plan", "assess", "content", "i18n", "team"},
	"e2e":       {"testkit", "web", "store", "account", "usertext", "mail", "web/chart", "web/render", "pdf", "plan", "assess", "content", "i18n", "team"},
	"loadtest":  {"testkit", "web", "store", "account", "usertext", "mail", "web/chart", "web/render", "pdf", "plan", "assess", "content", "i18n", "team"},
	"crashtest": {"testkit", "web", "store", "account", "usertext", "mail", "web/chart", "web/render", "pdf", "plan", "assess", "content", "i18n", "team"},
}

const module = "cpopath/app"

// TestImportsPointInward holds the rule, so it does not depend on anyone's
// memory. It fails when go list fails: a broken build checks nothing.
func TestImportsPointInward(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for pkg := range strings.FieldsSeq(string(out)) {
		if pkg == module {
			continue // main wires everything
		}
		name := strings.TrimPrefix(pkg, module+"/")
		ok, listed := layers[name]
		if !listed {
			t.Errorf("%s is not in the layers table: add it with the packages it may import", pkg)
			continue
		}
		deps, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for dep := range strings.FieldsSeq(string(deps)) {
			if dep == pkg || !strings.HasPrefix(dep, module+"/") {
				continue
			}
			if !slices.Contains(ok, strings.TrimPrefix(dep, module+"/")) {
				t.Errorf("%s imports %s, which points outward", pkg, dep)
			}
		}
	}
}

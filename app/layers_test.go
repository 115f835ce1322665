package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The packages under app/ import inward only (DESIGN.md §3). This test
// holds the rule, so it does not depend on anyone's memory.
func TestImportsPointInward(t *testing.T) {
	allowed := map[string][]string{
		"cpopath/app/content": {},
		"cpopath/app/i18n":    {},
		"cpopath/app/account": {},
		"cpopath/app/mail":    {"cpopath/app/i18n"},
		"cpopath/app/assess":  {"cpopath/app/content"},
		"cpopath/app/plan":    {"cpopath/app/assess", "cpopath/app/content"},
		"cpopath/app/store":   {"cpopath/app/assess", "cpopath/app/plan", "cpopath/app/content"},
		"cpopath/app/pdf":     {"cpopath/app/plan", "cpopath/app/assess", "cpopath/app/content", "cpopath/app/i18n"},
		"cpopath/app/web":     {"cpopath/app/store", "cpopath/app/pdf", "cpopath/app/plan", "cpopath/app/assess", "cpopath/app/content", "cpopath/app/i18n", "cpopath/app/account", "cpopath/app/mail"},
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			// A package that does not exist yet has nothing to check.
			continue
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg || !strings.HasPrefix(dep, "cpopath/app") {
				continue
			}
			permitted := false
			for _, a := range ok {
				if dep == a {
					permitted = true
				}
			}
			if !permitted {
				t.Errorf("%s imports %s, which points outward", pkg, dep)
			}
		}
	}
}

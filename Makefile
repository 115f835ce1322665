# cpopath: `make run` builds and starts the tool. Tests come in two speeds:
# `make test` (unit, store and web: run it before every commit) and
# `make check` (browser, load, crash and fuzz: before a merge; CI runs both).

GO       ?= go
BIN      := bin/cpopath
PKGS     := ./...
export CGO_ENABLED := 1

.PHONY: run build test check test-deps lint bench fuzz screenshots clean

run: build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./app

# mailpit is the real SMTP server the email tests start on loopback (built
# from source with `go install` when missing). Debian packages the tests
# use: chromium (browser tests), poppler-utils
# (pdftotext/pdftoppm for PDF checks), wrk (benchmarks). npm packages:
# axe-core (accessibility) and html-validate (valid HTML; major 10 runs on
# the machine's Node 20). Each is installed only when missing; the npm
# packages go in one command, as `npm install --no-save` removes the
# packages an earlier one put there.
test-deps:
	@command -v mailpit >/dev/null 2>&1 || test -x "$$($(GO) env GOPATH)/bin/mailpit" || { \
	  echo "installing mailpit (the SMTP server the email tests send to)"; \
	  $(GO) install github.com/axllent/mailpit@v1.33.1; }
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js && test -x node_modules/.bin/html-validate || { \
	  echo "installing axe-core and html-validate"; \
	  npm install --no-save --no-audit --no-fund --silent axe-core@4 html-validate@10 >/dev/null; }

# `make check` runs the browser tests, then the load and crash tests, then
# every fuzz target briefly; `make fuzz` runs them longer (FUZZTIME=10m make
# fuzz for a night's worth). A failing input is saved under the package's
# testdata/fuzz and becomes a regression test. `make check` counts
# executions rather than seconds: with a time budget, Go 1.26's fuzz
# coordinator can report "context deadline exceeded" as a failure when the
# time runs out (go.dev/issue/75804, fixed in Go 1.27), which would fail a
# clean run.
#
# The load and crash tests drive the real binary with a crowd; they run on
# their own after the browser tests, so that those do not decide whether
# 200 people get their PDFs in time, and without the race detector, which
# would slow only their load generator (the server under test is a
# separate, normally built process).
BROWSER := cpopath/app/e2e
SOLO    := cpopath/app/loadtest cpopath/app/crashtest

test: test-deps
	$(GO) test -race -count=1 $(filter-out $(BROWSER) $(SOLO),$(shell $(GO) list $(PKGS)))

check: test-deps
	$(GO) test -race -count=1 $(BROWSER)
	$(GO) test -count=1 -p 1 $(SOLO)
	@$(MAKE) --no-print-directory fuzz FUZZTIME=2000x FUZZMIN=2s

FUZZTIME ?= 2m
FUZZMIN  ?= 30s
FUZZ     = $(GO) test -run='^$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN)

fuzz:
	$(FUZZ) -fuzz='^FuzzValidate$$' ./app/assess
	$(FUZZ) -fuzz='^FuzzScore$$' ./app/assess
	$(FUZZ) -fuzz='^FuzzLoad$$' ./app/assess
	$(FUZZ) -fuzz='^FuzzLoad$$' ./app/content
	$(FUZZ) -fuzz='^FuzzPageSave$$' ./app/web
	$(FUZZ) -fuzz='^FuzzAnswerSave$$' ./app/web
	$(FUZZ) -fuzz='^FuzzAppendJSONString$$' ./app/web
	$(FUZZ) -fuzz='^FuzzClean$$' ./app/usertext

# `make screenshots` regenerates the README's pictures in static/screenshots
# (landing, assessment, results, plan, mentor dashboard, a PDF page) with
# the browser tests of app/e2e, over the real app and a fresh database.
screenshots: test-deps
	CPOPATH_SCREENSHOTS=$(CURDIR)/static/screenshots $(GO) test -count=1 -run '^TestScreenshots$$' ./app/e2e

# staticcheck is pinned (2026.2.2 supports Go 1.26) and installed into
# GOPATH/bin when that version is missing there.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

lint:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@$(STATICCHECK) -version 2>/dev/null | grep -q '($(STATICCHECK_VERSION:v%=%))' || { \
	  echo "installing staticcheck $(STATICCHECK_VERSION)"; \
	  $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); }
	$(STATICCHECK) $(PKGS)
	$(GO) mod tidy -diff

# `make bench` builds the real binary, runs it on loopback over a fresh
# database and prints one table of what it measured (app/bench).
bench:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing wrk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(GO) run ./app/bench

clean:
	rm -rf bin data/test-artifacts tmp/e2e-artifacts

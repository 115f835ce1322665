# cpopath: `make run` builds and starts the tool; `make test` installs what
# the tests need (when missing) and runs them.

GO       ?= go
BIN      := bin/cpopath
PKGS     := ./...
export CGO_ENABLED := 1

.PHONY: run build test test-deps lint bench fuzz screenshots clean

run: build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./app

# Debian packages the tests use: chromium (browser tests), poppler-utils
# (pdftotext/pdftoppm for PDF checks), wrk (benchmarks). npm packages:
# axe-core (accessibility). Each is installed only when missing.
test-deps:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || { \
	  echo "installing axe-core"; npm install --no-save --no-audit --no-fund --silent axe-core@4 >/dev/null; }

test: test-deps
	$(GO) test -race -count=1 $(PKGS)

lint:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	@echo "benchmarks: not yet built"

clean:
	rm -rf bin data/test-artifacts

# Tailor. `make run` starts the app (SQLite + offline provider); `make test`
# runs every test. See README.md.
GO      ?= go
TEMPL   := $(GO) tool templ
PKGS    := ./...
FUZZTIME ?= 3s

.PHONY: run build test generate check-generated lint bench fuzz clean

run:
	$(GO) run . serve

build:
	$(GO) build -o bin/tailor .

generate:
	$(TEMPL) generate

# Fails when a committed *_templ.go differs from what its .templ generates
# (generated in a scratch copy, so the work tree is left alone).
check-generated:
	@tmp=$$(mktemp -d); mkdir $$tmp/views; cp go.mod $$tmp/; cp views/*.templ $$tmp/views/; \
	$(GO) build -o $$tmp/templ github.com/a-h/templ/cmd/templ && \
	(cd $$tmp && ./templ generate >/dev/null 2>&1) || { echo "templ generate failed"; rm -rf $$tmp; exit 1; }; \
	stale=0; for f in $$tmp/views/*_templ.go; do \
		cmp -s $$f views/$$(basename $$f) || { echo "stale generated file: views/$$(basename $$f) (run make generate)"; stale=1; }; \
	done; rm -rf $$tmp; exit $$stale

lint:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Every test: unit, store and handler tests on SQLite and PostgreSQL,
# provider fakes, the browser test, and a short fuzz run.
test: check-generated lint
	@./.ci/preflight
	$(GO) test -count=1 $(PKGS)
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

fuzz:
	@for p in jobs skills; do \
		for t in $$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' $$p | sed 's/func //'); do \
			echo "fuzz $$p $$t ($(FUZZTIME))"; \
			$(GO) test ./$$p -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) >/dev/null || exit 1; \
		done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

clean:
	rm -rf bin data

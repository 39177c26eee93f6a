package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
)

// The profile form stores dates as YYYY-MM (legacy text that names a month
// is converted, other text kept), moves entries up and down, and opens the
// new blank entry after its Add button.
func TestProfileEditing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.register("Mo", "mo@example.com", "a good password")
		u, _ := db.UserByEmail(t.Context(), "mo@example.com")
		tok := b.csrf("/profile")
		form := url.Values{"_csrf": {tok}, "version": {"0"}, "basics.name": {"Mo Ahmed"},
			"work.0.name": {"Acme"}, "work.0.position": {"Clerk"}, "work.0.startDate": {"March 2021"}, "work.0.endDate": {""},
			"work.1.name": {"Globex"}, "work.1.position": {"Assistant"}, "work.1.startDate": {"2019"}, "work.1.endDate": {"2021-02"},
			"work.2.name": {""}, "work.2.position": {""},
			"add": {"work"}}
		resp, d := b.post("/profile", form)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		p, _ := db.ProfileOf(t.Context(), u.ID)
		if w := p.Document.Work; len(w) != 2 || w[0].StartDate != "2021-03" || w[1].StartDate != "2019" || w[1].EndDate != "2021-02" {
			t.Fatalf("stored work: %+v", w)
		}
		if typ, _ := d.Find(`input[name="work.0.startDate"]`).Attr("type"); typ != "month" {
			t.Fatalf("a month date is shown as %q, want a month picker", typ)
		}
		if typ, _ := d.Find(`input[name="work.1.startDate"]`).Attr("type"); typ != "text" {
			t.Fatalf("a year-only date is shown as %q, want text that keeps it", typ)
		}
		entries := d.Find(`[data-testid="work-entry"]`)
		if _, open := entries.Last().Attr("open"); !open || entries.Length() != 3 {
			t.Fatal("after Add another position, the new blank entry is not open")
		}
		// Move Globex up.
		form.Set("version", "1")
		form.Del("add")
		form.Set("work.1.startDate", "2019")
		form.Set("move", "work.1.up")
		if resp, _ := b.post("/profile", form); resp.StatusCode != http.StatusOK {
			t.Fatalf("move: %d", resp.StatusCode)
		}
		p, _ = db.ProfileOf(t.Context(), u.ID)
		if w := p.Document.Work; len(w) != 2 || w[0].Name != "Globex" || w[1].Name != "Acme" {
			t.Fatalf("after moving up: %+v", w)
		}
	})
}

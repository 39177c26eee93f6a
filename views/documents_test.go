package views

import (
	"strings"
	"testing"

	"tailor/documents"
	"tailor/drafting"
)

func TestDocumentsPanel(t *testing.T) {
	compact, _ := documents.TemplateByName("compact")
	v := DocumentsView{JobID: 7, Templates: documents.Templates, Template: compact, Paper: documents.PaperAuto,
		PaperUsed: documents.USLetter, CountryPaper: documents.USLetter,
		Papers: []documents.Paper{documents.PaperAuto, documents.A4, documents.USLetter}}

	doc, _ := render(t, DocumentsPanel(page(alice), v))
	if count(doc, `[data-testid="documents-empty"]`) != 1 || count(doc, `[data-testid="doc-preview"]`) != 0 {
		t.Error("with no drafts the panel must say what to do and show no preview")
	}
	if count(doc, `input[name="template"]`) != len(documents.Templates) || doc.Find(`[data-testid="template-compact"]`).AttrOr("checked", "no") == "no" {
		t.Error("every template is offered and the chosen one is checked")
	}
	if got := doc.Find(`option[value="auto"]`).Text(); got != "By my country (US Letter)" {
		t.Errorf("auto paper label %q", got)
	}

	cv := drafting.CV{Name: "Zoë Müller-Łukasz", Experience: []drafting.CVRole{
		{Company: "Café Señor GmbH", Title: "Barista", StartDate: "2020", Highlights: []string{"One", "Two"}},
		{Company: "Bäckerei", Title: "Baker", Highlights: []string{"Three"}},
	}}
	d := documents.CVDocument(cv, documents.A4)
	v.CV, v.CVText, v.CVFile = &d, documents.Text(d), "Zoe-Mueller-Lukasz-CV"
	doc, _ = render(t, DocumentsPanel(page(alice), v))
	p := doc.Find(`[data-testid="documents-cv"] [data-testid="doc-preview"]`)
	if p.Length() != 1 || !p.HasClass("doc-compact") || !p.HasClass("doc-upper") || p.HasClass("doc-center") {
		t.Fatalf("preview classes: %v", p.AttrOr("class", ""))
	}
	if !strings.Contains(p.AttrOr("style", ""), "--doc-body:9.5pt") {
		t.Errorf("preview style %q", p.AttrOr("style", ""))
	}
	if got := p.Find("h1.b-name").Text(); got != "Zoë Müller-Łukasz" {
		t.Errorf("name %q", got)
	}
	if got := p.Find("ul.b-bullets").Length(); got != 2 {
		t.Errorf("%d bullet lists, want one per role", got)
	}
	if got := p.Find("h3.b-entry .b-right").First().Text(); got != "2020 – present" {
		t.Errorf("dates %q", got)
	}
	if href := doc.Find(`[data-testid="download-cv-docx"]`).AttrOr("href", ""); href != "/jobs/7/cv.docx?template=compact" {
		t.Errorf("docx link %q", href)
	}
	if href := doc.Find(`[data-testid="print-cv"]`).AttrOr("href", ""); href != "/jobs/7/cv/print?template=compact&autoprint=1" {
		t.Errorf("print link %q", href)
	}
	if got := doc.Find("#cv-plain").Text(); got != v.CVText || strings.Contains(got, "#") {
		t.Errorf("copy text %q", got)
	}
	if count(doc, `[data-testid="documents-letter"]`) != 0 {
		t.Error("no letter yet, no letter links")
	}
}

func TestPrintPage(t *testing.T) {
	modern, _ := documents.TemplateByName("modern")
	d := documents.CVDocument(drafting.CV{Name: "Zoë"}, documents.USLetter)
	doc, html := render(t, PrintPage(page(alice), PrintView{JobID: 3, Doc: d, Template: modern, AutoPrint: true, PDFHref: "/jobs/3/cv.pdf?template=modern"}))
	if count(doc, `body[data-autoprint]`) != 1 || !strings.Contains(html, "@page { size: letter; margin: 18mm; }") {
		t.Errorf("print page head/body:\n%s", html)
	}
	doc, _ = render(t, PrintPage(page(alice), PrintView{JobID: 3, Doc: d, Template: modern}))
	if count(doc, `body[data-autoprint]`) != 0 {
		t.Error("autoprint without asking")
	}
}

package documents

import (
	"fmt"
	"strings"
)

// RGB is a colour, 0–255 per channel.
type RGB struct{ R, G, B uint8 }

// Hex is the colour as CSS and WordprocessingML write it, without '#'.
func (c RGB) Hex() string { return fmt.Sprintf("%02X%02X%02X", c.R, c.G, c.B) }

// Template is how a CV and its matching letter look. Every renderer (PDF,
// DOCX, the HTML preview) reads the same values, so adding a template is
// adding one value to Templates; see README.md.
type Template struct {
	Name        string // the id stored per person and used in URLs
	Label       string
	Description string

	Accent RGB // headings and the name
	Ink    RGB // body text
	Muted  RGB // dates and the line under an entry

	// Sizes in points.
	NameSize, HeadlineSize, SectionSize, EntrySize, BodySize, SmallSize float64
	// Leading is line height as a multiple of the font size.
	Leading float64
	// MarginMM is the page margin on every side.
	MarginMM float64
	// SectionGap and EntryGap are the space before a section heading and
	// before an entry, in points; ParaGap the space after a paragraph.
	SectionGap, EntryGap, ParaGap float64

	CenterHeader bool // name, headline and contact centred
	UpperHeads   bool // section headings in capitals
	RuleHeads    bool // a thin rule under each section heading
	// DocxFont is the font the Word file asks for (Word cannot use the
	// embedded Go fonts); the PDF always embeds the Go fonts.
	DocxFont string
}

// Templates lists every template, the default first.
var Templates = []Template{
	{
		Name: "classic", Label: "Classic", Description: "Centred header, capital headings with a rule. Suits most applications.",
		Accent: RGB{0x11, 0x11, 0x11}, Ink: RGB{0x11, 0x11, 0x11}, Muted: RGB{0x55, 0x55, 0x55},
		NameSize: 20, HeadlineSize: 11.5, SectionSize: 11, EntrySize: 10.5, BodySize: 10.5, SmallSize: 9.5,
		Leading: 1.3, MarginMM: 20, SectionGap: 12, EntryGap: 7, ParaGap: 4,
		CenterHeader: true, UpperHeads: true, RuleHeads: true, DocxFont: "Cambria",
	},
	{
		Name: "modern", Label: "Modern", Description: "Left-aligned, a blue accent on the name and headings, more white space.",
		Accent: RGB{0x1F, 0x4E, 0x79}, Ink: RGB{0x22, 0x22, 0x22}, Muted: RGB{0x5F, 0x6B, 0x7A},
		NameSize: 24, HeadlineSize: 12.5, SectionSize: 13, EntrySize: 11, BodySize: 10.5, SmallSize: 9.5,
		Leading: 1.35, MarginMM: 18, SectionGap: 14, EntryGap: 8, ParaGap: 5,
		DocxFont: "Calibri",
	},
	{
		Name: "compact", Label: "Compact", Description: "Smaller type and tighter spacing: fits a long history on fewer pages.",
		Accent: RGB{0x1A, 0x1A, 0x1A}, Ink: RGB{0x1A, 0x1A, 0x1A}, Muted: RGB{0x50, 0x50, 0x50},
		NameSize: 16, HeadlineSize: 10.5, SectionSize: 10, EntrySize: 9.5, BodySize: 9.5, SmallSize: 8.5,
		Leading: 1.22, MarginMM: 14, SectionGap: 8, EntryGap: 4, ParaGap: 2,
		UpperHeads: true, RuleHeads: true, DocxFont: "Arial",
	},
}

// DefaultTemplate is the template of a person who has not chosen one.
const DefaultTemplate = "classic"

// TemplateByName finds a template; ok is false for an unknown name.
func TemplateByName(name string) (Template, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, t := range Templates {
		if t.Name == name {
			return t, true
		}
	}
	return Templates[0], false
}

// Size is the font size of a block kind, in points.
func (t Template) Size(k Kind) float64 {
	switch k {
	case KName:
		return t.NameSize
	case KHeadline:
		return t.HeadlineSize
	case KSection:
		return t.SectionSize
	case KEntry:
		return t.EntrySize
	case KContact, KEntryMeta:
		return t.SmallSize
	}
	return t.BodySize
}

// Bold says which block kinds are set in bold.
func (t Template) Bold(k Kind) bool {
	return k == KName || k == KSection || k == KEntry || k == KSubject
}

// Color is the colour a block kind is drawn in.
func (t Template) Color(k Kind) RGB {
	switch k {
	case KName, KSection:
		return t.Accent
	case KContact, KEntryMeta, KHeadline:
		return t.Muted
	}
	return t.Ink
}

// Centered says whether a block is centred: the header of the CV and the
// letter in templates with CenterHeader.
func (t Template) Centered(k Kind) bool {
	return t.CenterHeader && (k == KName || k == KHeadline || k == KContact)
}

// Heading is a section heading as the template writes it.
func (t Template) Heading(s string) string {
	if t.UpperHeads {
		return strings.ToUpper(s)
	}
	return s
}

// SpaceBefore is the gap above a block, in points, given the block before it.
func (t Template) SpaceBefore(k, prev Kind, letter bool) float64 {
	switch {
	case k == KSection:
		return t.SectionGap
	case k == KEntry:
		if prev == KSection {
			return 2
		}
		return t.EntryGap
	case letter && (k == KDate || k == KSubject):
		return 2 * t.ParaGap * 3
	case letter && k == KRecipient && prev != KRecipient:
		return t.ParaGap * 3
	case letter && (k == KGreeting || k == KPara || k == KClosing):
		return t.ParaGap * 2.5
	case letter && k == KSignature:
		return t.BodySize * 2.5
	case k == KPara && prev == KEntry:
		return 1
	case k == KBullet && prev != KBullet:
		return 2
	case k == KPara:
		return t.ParaGap
	case k == KHeadline, k == KContact:
		return 2
	}
	return 0
}

// CSSVars are the template's values as CSS custom properties, for the
// HTML preview (static/app.css reads them).
func (t Template) CSSVars() string {
	return fmt.Sprintf("--doc-accent:#%s;--doc-ink:#%s;--doc-muted:#%s;--doc-name:%gpt;--doc-headline:%gpt;"+
		"--doc-section:%gpt;--doc-entry:%gpt;--doc-body:%gpt;--doc-small:%gpt;--doc-leading:%g;--doc-margin:%gmm;"+
		"--doc-section-gap:%gpt;--doc-entry-gap:%gpt;--doc-para-gap:%gpt;--doc-align:%s;--doc-rule:%s",
		t.Accent.Hex(), t.Ink.Hex(), t.Muted.Hex(), t.NameSize, t.HeadlineSize, t.SectionSize, t.EntrySize,
		t.BodySize, t.SmallSize, t.Leading, t.MarginMM, t.SectionGap, t.EntryGap, t.ParaGap,
		map[bool]string{true: "center", false: "left"}[t.CenterHeader], map[bool]string{true: "1px", false: "0"}[t.RuleHeads])
}

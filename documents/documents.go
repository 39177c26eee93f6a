// Package documents turns a drafted CV and cover letter into the files a
// person sends: PDF and DOCX, plus plain text, a print view and a tailored
// JSON Resume. Every format is drawn from one Document — a flat list of
// blocks in reading order — so the PDF, the Word file and the page's
// preview show the same layout, and each Template only changes how blocks
// look, never their order (one column, standard headings: ATS-safe).
package documents

import (
	"strings"
	"time"

	"tailor/drafting"
	"tailor/profile"
)

// Kind says what a block is; each renderer styles a kind the same way.
type Kind int

// Block kinds, in the order they usually appear.
const (
	KName      Kind = iota // the person's name
	KHeadline              // the line under the name
	KContact               // contact details, one line
	KSection               // a standard section heading: Summary, Experience, ...
	KEntry                 // a role, degree or project; Right holds its dates
	KEntryMeta             // the line under an entry (location)
	KPara                  // body text
	KBullet                // one achievement
	KDate                  // the letter's date
	KRecipient             // one line of the recipient's address
	KSubject               // the letter's subject
	KGreeting              // "Dear ..."
	KClosing               // "Kind regards,"
	KSignature             // the name under the closing
)

var kindClass = [...]string{"name", "headline", "contact", "section", "entry", "entry-meta", "para", "bullet",
	"date", "recipient", "subject", "greeting", "closing", "signature"}

// Class is the block's CSS class in the HTML preview ("b-entry").
func (k Kind) Class() string { return "b-" + kindClass[k] }

// Block is one paragraph of a document.
type Block struct {
	Kind  Kind
	Text  string
	Right string // dates drawn at the right margin on an entry's first line
	// Keep keeps the block on the same page as the next one, so a heading
	// is never left alone at the bottom of a page.
	Keep bool
}

// Document is what every renderer draws.
type Document struct {
	Title   string // metadata: "Zoë Müller – CV"
	Author  string
	Subject string
	Letter  bool // a letter is laid out as a letter (no page numbers unless long)
	Paper   Paper
	Blocks  []Block
}

// Paper is a page size.
type Paper string

// Page sizes.
const (
	A4        Paper = "a4"
	USLetter  Paper = "letter"
	PaperAuto Paper = "auto" // a setting: choose from the profile's country
)

// Label names the paper for people.
func (p Paper) Label() string {
	switch p {
	case A4:
		return "A4"
	case USLetter:
		return "US Letter"
	}
	return "By my country"
}

// PaperFor picks the paper people use where the person lives: US Letter in
// the United States and Canada, A4 everywhere else.
func PaperFor(countryCode string) Paper {
	switch strings.ToUpper(strings.TrimSpace(countryCode)) {
	case "US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA", "CA", "CAN", "CANADA":
		return USLetter
	}
	return A4
}

// ParsePaper reads a paper setting; anything unknown is PaperAuto.
func ParsePaper(s string) Paper {
	switch Paper(strings.ToLower(strings.TrimSpace(s))) {
	case A4:
		return A4
	case USLetter, "us-letter", "usletter":
		return USLetter
	}
	return PaperAuto
}

// Resolve turns PaperAuto into the paper of the person's country.
func (p Paper) Resolve(countryCode string) Paper {
	if p == A4 || p == USLetter {
		return p
	}
	return PaperFor(countryCode)
}

// Standard section headings, in English as ATS parsers expect them.
const (
	HeadSummary    = "Summary"
	HeadExperience = "Experience"
	HeadEducation  = "Education"
	HeadSkills     = "Skills"
	HeadProjects   = "Projects"
)

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// ContactLine is the CV's contact details on one line.
func ContactLine(c drafting.Contact) string {
	return join(" · ", c.Email, c.Phone, c.Location, c.URL)
}

func degree(e drafting.CVEducation) string {
	return join(" in ", e.StudyType, e.Area)
}

// CVDocument lays out a CV: name, headline, contact, then the standard
// sections in the usual order. The job it was tailored to is not printed.
func CVDocument(cv drafting.CV, paper Paper) Document {
	d := Document{Title: join(" – ", cv.Name, "CV"), Author: clean(cv.Name), Paper: paper,
		Subject: join(" – ", cv.JobTitle, cv.Company)}
	add := func(k Kind, text string, keep bool) {
		if text = clean(text); text != "" {
			d.Blocks = append(d.Blocks, Block{Kind: k, Text: text, Keep: keep})
		}
	}
	add(KName, cv.Name, false)
	add(KHeadline, cv.Headline, false)
	add(KContact, ContactLine(cv.Contact), false)
	if clean(cv.Summary) != "" {
		add(KSection, HeadSummary, true)
		add(KPara, cv.Summary, false)
	}
	if len(cv.Experience) > 0 {
		add(KSection, HeadExperience, true)
		for _, r := range cv.Experience {
			meta := clean(r.Location)
			hs := nonEmpty(r.Highlights)
			d.Blocks = append(d.Blocks, Block{Kind: KEntry, Text: join(", ", r.Title, r.Company),
				Right: drafting.DateRange(r.StartDate, r.EndDate), Keep: meta != "" || len(hs) > 0})
			add(KEntryMeta, meta, len(hs) > 0)
			for _, h := range hs {
				add(KBullet, h, false)
			}
		}
	}
	if len(cv.Education) > 0 {
		add(KSection, HeadEducation, true)
		for _, e := range cv.Education {
			d.Blocks = append(d.Blocks, Block{Kind: KEntry, Text: join(", ", degree(e), e.Institution),
				Right: drafting.DateRange(e.StartDate, e.EndDate)})
		}
	}
	if skills := nonEmpty(cv.Skills); len(skills) > 0 {
		add(KSection, HeadSkills, true)
		add(KPara, strings.Join(skills, ", "), false)
	}
	if len(cv.Projects) > 0 {
		add(KSection, HeadProjects, true)
		for _, p := range cv.Projects {
			hs := nonEmpty(p.Highlights)
			add(KEntry, p.Name, clean(p.Description) != "" || len(hs) > 0)
			add(KPara, p.Description, false)
			for _, h := range hs {
				add(KBullet, h, false)
			}
		}
	}
	return d
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Sender is who writes the letter, from the profile's basics.
type Sender struct {
	Name    string
	Address []string // street, postal code and city, region and country
	Email   string
	Phone   string
	URL     string
}

// SenderFrom takes the sender block from a JSON Resume's basics.
func SenderFrom(b profile.Basics) Sender {
	l := b.Location
	s := Sender{Name: clean(b.Name), Email: clean(b.Email), Phone: clean(b.Phone), URL: clean(b.URL)}
	for _, line := range []string{l.Address, join(" ", l.PostalCode, l.City), join(", ", l.Region, l.CountryCode)} {
		for _, part := range strings.Split(line, "\n") {
			if part = clean(part); part != "" && !saidAlready(s.Address, part) {
				s.Address = append(s.Address, part)
			}
		}
	}
	return s
}

// saidAlready reports whether every word of part is in the address lines
// so far: profiles often write the whole address in one field ("123 Main
// St, Mountain View, CA 94035"), and its city and code must not follow it
// again.
func saidAlready(lines []string, part string) bool {
	have := map[string]bool{}
	for _, l := range lines {
		for _, w := range strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return r == ' ' || r == ',' || r == '.' }) {
			have[w] = true
		}
	}
	words := strings.FieldsFunc(strings.ToLower(part), func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return len(words) > 0
}

// Recipient is who the letter goes to.
type Recipient struct {
	Contact  string // a person, when the greeting names one
	Company  string
	Location string
}

// LetterInput is everything a letter document is made from.
type LetterInput struct {
	Letter    drafting.Letter
	Sender    Sender
	Recipient Recipient
	Date      time.Time
	Paper     Paper
}

// ContactFromGreeting finds the person a greeting names ("Dear Ms Anna
// Schmidt," gives "Ms Anna Schmidt"); a greeting to a team or a role names
// nobody.
func ContactFromGreeting(g string) string {
	g = strings.TrimSpace(g)
	lower := strings.ToLower(g)
	for _, p := range []string{"dear ", "hello ", "hi "} {
		if strings.HasPrefix(lower, p) {
			g, lower = g[len(p):], lower[len(p):]
			break
		}
	}
	g = strings.TrimRight(g, ",:;!. ")
	lower = strings.TrimRight(lower, ",:;!. ")
	if g == "" || strings.Count(g, " ") > 4 {
		return ""
	}
	for _, f := range strings.Fields(lower) {
		f = strings.Trim(f, ",.")
		for _, w := range []string{"hiring", "recruit", "manager", "team", "talent", "colleague", "department"} {
			if strings.HasPrefix(f, w) {
				return ""
			}
		}
		switch f {
		case "sir", "sirs", "madam", "whom", "all", "there", "people", "friends", "committee", "search", "everyone", "it":
			return ""
		}
	}
	return g
}

// FormatDate writes a letter's date the way the paper's country does:
// "November 30, 2026" on US Letter, "30 November 2026" on A4.
func FormatDate(t time.Time, p Paper) string {
	if p == USLetter {
		return t.Format("January 2, 2006")
	}
	return t.Format("2 January 2006")
}

// LetterDocument lays out a letter: the sender's name and contact details,
// the date, the recipient, the subject, the greeting, the body, the closing
// and the name.
func LetterDocument(in LetterInput) Document {
	l, s := in.Letter, in.Sender
	name := clean(l.Signature)
	if name == "" {
		name = s.Name
	}
	if s.Name == "" {
		s.Name = name
	}
	d := Document{Title: join(" – ", s.Name, "Cover letter", in.Recipient.Company), Author: s.Name,
		Subject: clean(l.Subject), Letter: true, Paper: in.Paper}
	add := func(k Kind, text string, keep bool) {
		if text = clean(text); text != "" {
			d.Blocks = append(d.Blocks, Block{Kind: k, Text: text, Keep: keep})
		}
	}
	add(KName, s.Name, false)
	add(KContact, strings.Join(s.Address, ", "), false)
	add(KContact, join(" · ", s.Email, s.Phone, s.URL), false)
	if !in.Date.IsZero() {
		add(KDate, FormatDate(in.Date, in.Paper), false)
	}
	r := in.Recipient
	if r.Contact == "" {
		r.Contact = ContactFromGreeting(l.Greeting)
	}
	if strings.EqualFold(r.Contact, r.Company) {
		r.Contact = ""
	}
	add(KRecipient, r.Contact, true)
	add(KRecipient, r.Company, r.Location != "")
	add(KRecipient, r.Location, false)
	add(KSubject, l.Subject, true)
	add(KGreeting, l.Greeting, true)
	for _, p := range l.Paragraphs {
		add(KPara, p, false)
	}
	add(KClosing, l.Closing, true)
	add(KSignature, name, false)
	return d
}

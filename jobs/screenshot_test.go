package jobs

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"tailor/apperr"
)

// box is one run of text on a rendered test screenshot.
type box struct {
	x, y int // left and baseline, in pixels
	size float64
	bold bool
	text string
}

// renderScreen draws text boxes with the Go fonts on a white canvas, like
// a screenshot of a job board, and returns it as PNG.
func renderScreen(t testing.TB, w, h int, boxes []box) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		t.Fatal(err)
	}
	faces := map[[2]int]font.Face{}
	ink := image.NewUniform(color.RGBA{0x1d, 0x22, 0x26, 0xff})
	for _, b := range boxes {
		k := [2]int{int(b.size * 10), 0}
		f := regular
		if b.bold {
			k[1], f = 1, bold
		}
		face := faces[k]
		if face == nil {
			face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: b.size, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				t.Fatal(err)
			}
			faces[k] = face
		}
		d := font.Drawer{Dst: img, Src: ink, Face: face, Dot: fixed.P(b.x, b.y)}
		d.DrawString(b.text)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// column lays lines out top-down from (x, y), each at its size, with a gap
// proportional to the text size.
func column(x, y int, lines ...box) []box {
	out := make([]box, 0, len(lines))
	for _, l := range lines {
		y += int(l.size * 1.6)
		l.x, l.y = x, y
		out = append(out, l)
	}
	return out
}

func body(s string) box    { return box{size: 15, text: s} }
func small(s string) box   { return box{size: 13, text: s} }
func heading(s string) box { return box{size: 18, bold: true, text: s} }

// boardScreenshot is a job board's search page: a list of other jobs on the
// left, the posting in the middle, and a sidebar ad on the right whose
// "Contract" must not become the posting's employment type.
func boardScreenshot(t testing.TB) []byte {
	var boxes []box
	boxes = append(boxes, column(20, 10,
		box{size: 16, bold: true, text: "Warehouse Lead"}, small("Parcelly"), small("Leeds, UK"), small(""),
		box{size: 16, bold: true, text: "Payroll Clerk"}, small("Kestrel Accounting"), small("Bradford, UK"), small(""),
		box{size: 16, bold: true, text: "Delivery Driver"}, small("Swift Couriers"), small("York, UK"), small(""),
		box{size: 16, bold: true, text: "IT Support Technician"}, small("Moorland Schools"), small("Harrogate, UK"),
	)...)
	boxes = append(boxes, column(330, 10,
		box{size: 28, bold: true, text: "Data Analyst"},
		body("Northwind Analytics · Leeds, United Kingdom · 2 days ago"),
		body("Hybrid   Full-time"),
		body("£38,000 - £45,000 a year"),
		body(""),
		heading("About the job"),
		body("Northwind Analytics helps regional hospitals plan their staff and"),
		body("beds with data. We are looking for an analyst to join our team."),
		body(""),
		heading("Responsibilities"),
		body("- Build dashboards for hospital managers in Power BI"),
		body("- Write SQL to clean and join ward data"),
		body("- Present findings to clinical leads every month"),
		body(""),
		heading("Requirements"),
		body("- 2+ years of experience as a data analyst"),
		body("- Strong SQL and Excel skills"),
		body("- Clear written English"),
	)...)
	boxes = append(boxes, column(900, 10,
		small("Promoted"),
		box{size: 14, bold: true, text: "Cloud Architect"},
		small("Contract · Remote"),
		small("£600 a day"),
		small("Apply now"),
	)...)
	return renderScreen(t, 1120, 620, boxes)
}

func TestScreenshotLayout(t *testing.T) {
	requireOCR(t)
	tests := []struct {
		name                     string
		img                      []byte
		title, company, location string
		employment               string
		sideDropped              bool
		notInText                []string
	}{
		{
			name: "board page with a job list and a sidebar ad", img: boardScreenshot(t),
			title: "Data Analyst", company: "Northwind Analytics", location: "Leeds, United Kingdom", employment: "Full-time",
			sideDropped: true, notInText: []string{"Cloud Architect", "Payroll Clerk", "Contract"},
		},
		{
			name: "company above the title",
			img: renderScreen(t, 760, 420, column(30, 10,
				small("Harbour Health Trust"),
				box{size: 26, bold: true, text: "Staff Nurse - Cardiology"},
				body("Bristol, United Kingdom"),
				body("£28,407 - £34,581 a year  ·  Permanent, Full-time"),
				body(""),
				heading("Main duties"),
				body("- Care for patients on the cardiology ward"),
				body("- Give medicines and keep accurate records"),
				heading("Essential criteria"),
				body("- Registered nurse with the NMC"),
			)),
			title: "Staff Nurse - Cardiology", company: "Harbour Health Trust", location: "Bristol, United Kingdom", employment: "Full-time",
		},
		{
			name: "full page: top bar, company above the title, pay and type as pills",
			img: renderScreen(t, 1000, 560, append(
				column(20, 0, box{size: 12, text: "Home     My Network     Jobs     Messaging     Notifications     Me     For Business     Try Premium"}),
				column(30, 40,
					box{size: 14, bold: true, text: "Kestrel Accounting"},
					box{size: 26, bold: true, text: "Senior Payroll Specialist"},
					small("Bradford, England, United Kingdom · 3 days ago · Over 100 applicants"),
					body("£36,000/yr - £42,000/yr     Hybrid     Full-time"),
					body(""),
					heading("About the job"),
					body("Kestrel Accounting runs payroll for 300 small firms in Yorkshire. We need a specialist"),
					body("who knows PAYE inside out and enjoys helping clients."),
					heading("What you will do"),
					body("- Run monthly payroll for a portfolio of clients"),
					body("- Answer HMRC queries and file RTI submissions"),
					heading("What we are looking for"),
					body("- CIPP qualification or working towards it"),
				)...),
			),
			title: "Senior Payroll Specialist", company: "Kestrel Accounting", location: "Bradford, England, United Kingdom", employment: "Full-time",
		},
		{
			name: "German posting",
			img: renderScreen(t, 900, 420, column(30, 10,
				box{size: 26, bold: true, text: "Softwareentwickler Backend (m/w/d)"},
				body("Nordlicht Logistik GmbH · Hamburg, Deutschland"),
				body("Vollzeit · Hybrid"),
				body(""),
				heading("Deine Aufgaben"),
				body("- Du entwickelst und betreibst Services in Java und Kotlin"),
				body("- Du arbeitest eng mit dem Produktteam zusammen"),
				heading("Dein Profil"),
				body("- Mindestens 3 Jahre Erfahrung in der Backend-Entwicklung"),
			)),
			title: "Softwareentwickler Backend (m/w/d)", company: "Nordlicht Logistik GmbH", location: "Hamburg, Deutschland",
		},
		{
			name: "small job card",
			img: renderScreen(t, 330, 120, column(12, 0,
				box{size: 13, bold: true, text: "Junior Accountant"},
				box{size: 10, text: "Mwangaza Foods Ltd"},
				box{size: 10, text: "Nairobi, Kenya (On-site)"},
				box{size: 10, text: "KES 80,000 - 120,000 a month"},
			)),
			title: "Junior Accountant", company: "Mwangaza Foods Ltd", location: "Nairobi, Kenya (On-site)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Read once, then extract as extractImage does with the layout.
			s, err := readScreenshot(context.Background(), tt.img)
			if err != nil {
				t.Fatal(err)
			}
			ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
			p, err := ex.runModelRefusing(context.Background(), 1, ExtractInput{Image: tt.img, ImageMIME: "image/png", Screen: &s, Text: s.Text}, false, imageNotJob)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || p.Company != tt.company || p.Location != tt.location {
				t.Errorf("title, company, location = %q, %q, %q; want %q, %q, %q", p.Title, p.Company, p.Location, tt.title, tt.company, tt.location)
			}
			if tt.employment != "" && p.EmploymentType != tt.employment {
				t.Errorf("employment type = %q, want %q", p.EmploymentType, tt.employment)
			}
			if tt.sideDropped && s.Side == 0 {
				t.Errorf("no side column dropped; text:\n%s", s.Text)
			}
			for _, w := range tt.notInText {
				if strings.Contains(s.Text, w) {
					t.Errorf("side-column text %q kept in the posting's text:\n%s", w, s.Text)
				}
			}
		})
	}
}

func TestScreenshotNotAJob(t *testing.T) {
	requireOCR(t)
	settings := renderScreen(t, 700, 360, column(30, 10,
		box{size: 24, bold: true, text: "Display settings"},
		body("Brightness"),
		body("Night light: off"),
		body("Scale and layout: 100%"),
		body("Resolution: 1920 x 1080"),
		body("Orientation: landscape"),
		body("Multiple displays: extend these displays"),
	))
	ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
	_, err := ex.Extract(context.Background(), 1, Source{Image: settings, ImageMIME: "image/png"}, false)
	if apperr.Code(err) != apperr.EUNPROCESSABLE || !strings.Contains(apperr.Message(err), "doesn't look like a job ad") {
		t.Errorf("err = %v, want a refusal saying it is no job ad", err)
	}
}

// TestScreenshotSharedDevSet reads the real LinkedIn screenshot of the
// shared set: the title is the largest text of the panel, and the company
// and place come from the line under it.
func TestScreenshotSharedDevSet(t *testing.T) {
	dir := sharedTestdata(t)
	requireOCR(t)
	var rows []truthRow
	readJSON(t, dir+"/images_truth.json", &rows)
	for _, row := range rows {
		if row.IsJobAd == nil || !*row.IsJobAd {
			continue
		}
		img := readShared(t, dir+"/"+row.File)
		s, err := readScreenshot(context.Background(), img)
		if err != nil {
			t.Fatal(err)
		}
		if row.Title != nil && s.Title != *row.Title {
			t.Errorf("%s: title = %q, want %q", row.File, s.Title, *row.Title)
		}
		if row.Company != nil && s.Company != *row.Company {
			t.Errorf("%s: company = %q, want %q", row.File, s.Company, *row.Company)
		}
		if row.Location != nil && s.Location != *row.Location {
			t.Errorf("%s: location = %q, want %q", row.File, s.Location, *row.Location)
		}
	}
}

func readShared(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tsvLine is one line for a hand-made tesseract TSV: words laid out left
// to right from x at the given height.
type tsvLine struct {
	block, x, y, h int
	text           string
}

// makeTSV writes tesseract's TSV (level 5 word rows) for lines, each word
// 0.6·h wide per letter, with confidence 95; "_" leaves a wide gap.
func makeTSV(lines []tsvLine) string {
	var b strings.Builder
	b.WriteString("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")
	for i, l := range lines {
		x := l.x
		for j, w := range strings.Fields(l.text) {
			if w == "_" {
				x += l.h // a gap where a separator was not read
				continue
			}
			width := len([]rune(w)) * l.h * 6 / 10
			fmt.Fprintf(&b, "5\t1\t%d\t1\t%d\t%d\t%d\t%d\t%d\t%d\t95.0\t%s\n", l.block, i+1, j+1, x, l.y, width, l.h, w)
			x += width + l.h/3
		}
	}
	return b.String()
}

// The layout rules on hand-made TSV, so they are checked where tesseract
// is not installed too.
func TestLayoutFromTSV(t *testing.T) {
	lines := []tsvLine{
		// A list of other jobs on the left.
		{1, 10, 20, 16, "Payroll Clerk"}, {1, 10, 44, 13, "Kestrel Accounting"}, {1, 10, 64, 13, "Bradford, UK"},
		{1, 10, 100, 16, "Delivery Driver"}, {1, 10, 124, 13, "Swift Couriers"}, {1, 10, 144, 13, "York, UK"},
		{1, 10, 180, 16, "Warehouse Lead"}, {1, 10, 204, 13, "Parcelly"}, {1, 10, 224, 13, "Leeds, UK"},
		// The posting.
		{2, 330, 20, 28, "Data Analyst"},
		{2, 330, 60, 15, "Northwind Analytics _ Leeds, United Kingdom _ 2 days ago"},
		{2, 330, 84, 15, "Hybrid Full-time"},
		{3, 330, 120, 18, "Responsibilities"},
		{3, 330, 146, 15, "- Build dashboards for hospital managers"},
		{3, 330, 170, 15, "- Write SQL to clean and join ward data"},
		// An ad on the right.
		{4, 900, 20, 13, "Promoted"}, {4, 900, 40, 14, "Cloud Architect"}, {4, 900, 60, 13, "Contract · Remote"},
	}
	s := layoutScreenshot(parseTSV(makeTSV(lines)))
	if s.Title != "Data Analyst" || s.Company != "Northwind Analytics" || s.Location != "Leeds, United Kingdom" {
		t.Errorf("title, company, location = %q, %q, %q", s.Title, s.Company, s.Location)
	}
	if s.Side != 12 {
		t.Errorf("side lines dropped = %d, want 12 (9 of the job list, 3 of the ad)", s.Side)
	}
	for _, w := range []string{"Contract", "Payroll Clerk", "Cloud Architect"} {
		if strings.Contains(s.Text, w) {
			t.Errorf("side text %q kept:\n%s", w, s.Text)
		}
	}
	if !strings.Contains(s.Text, "- Build dashboards for hospital managers") {
		t.Errorf("posting text lost:\n%s", s.Text)
	}
}

// A side panel of the job's own details is kept (after the posting); a
// sidebar of ads beside it is not.
func TestLayoutKeepsDetailsPanel(t *testing.T) {
	lines := []tsvLine{
		{1, 20, 20, 28, "Payroll Specialist"},
		{1, 20, 60, 15, "Kestrel Accounting"},
		{1, 20, 100, 18, "What you will do"},
		{1, 20, 126, 15, "- Run monthly payroll for a portfolio of clients"},
		{1, 20, 150, 15, "- Answer HMRC queries and file RTI submissions"},
		{1, 20, 174, 15, "- Train two junior payroll administrators"},
		{2, 700, 20, 14, "Location: Bradford, UK"},
		{2, 700, 44, 14, "Job type: Part-time"},
		{2, 700, 68, 14, "Salary: £30,000 a year"},
		{3, 1100, 20, 14, "Promoted"},
		{3, 1100, 44, 14, "Contract · Remote"},
	}
	s := layoutScreenshot(parseTSV(makeTSV(lines)))
	if !strings.Contains(s.Text, "Job type: Part-time") || !strings.Contains(s.Text, "Location: Bradford, UK") {
		t.Errorf("the job's details panel was dropped:\n%s", s.Text)
	}
	if strings.Contains(s.Text, "Contract") || s.Side != 2 {
		t.Errorf("the ad was kept (side %d):\n%s", s.Side, s.Text)
	}
	if i, j := strings.Index(s.Text, "Train two junior"), strings.Index(s.Text, "Location:"); i < 0 || j < i {
		t.Errorf("the details should follow the posting:\n%s", s.Text)
	}
	p := heuristicPosting(s.Text, PageMeta{H1: s.Title})
	if p.EmploymentType != "Part-time" || p.Location != "Bradford, UK" {
		t.Errorf("employment %q, location %q", p.EmploymentType, p.Location)
	}
}

func TestParseTSVSkipsUnsureWords(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"5\t1\t1\t1\t1\t1\t10\t10\t40\t55\t12.0\tos.\n" + // an avatar read as text
		"5\t1\t1\t1\t1\t2\t60\t10\t30\t14\t92.0\t116\n" +
		"5\t1\t1\t1\t1\t3\t95\t10\t70\t14\t90.0\tapplicants\n" +
		"4\t1\t1\t1\t1\t0\t10\t10\t160\t55\t-1\t\n"
	lines := parseTSV(tsv)
	if len(lines) != 1 || lines[0].text != "116 applicants" || lines[0].height != 14 {
		t.Errorf("lines = %+v", lines)
	}
}

// FuzzLayout feeds tesseract-shaped TSV of any content to the layout
// reader: it must never panic, and what it returns comes from its input.
func FuzzLayout(f *testing.F) {
	f.Add(makeTSV([]tsvLine{{1, 10, 10, 28, "Data Analyst"}, {1, 10, 50, 14, "Acme _ Leeds, UK"}}))
	f.Add("level\tpage_num\n5\t1\t1\t1\t1\t1\t0\t0\t0\t0\t95\tx\n5\t1\t1\t1\t1\t2\t-5\t3\t2\t2\t10\t«\n")
	f.Fuzz(func(t *testing.T, tsv string) {
		s := layoutScreenshot(parseTSV(tsv))
		for _, v := range []string{s.Title, s.Company} {
			for _, w := range strings.Fields(v) {
				if w != "·" && !strings.Contains(tsv, w) && !strings.Contains(w, "Ltd") {
					t.Fatalf("%q is not in the input", w)
				}
			}
		}
	})
}

func TestOCRLanguages(t *testing.T) {
	installed := map[string]bool{"eng": true, "deu": true, "osd": true}
	tests := []struct{ lang, want string }{
		{"de", "deu+eng"}, // the German model, with English for the board's own words
		{"fr", ""},        // not installed: the English reading stands
		{"en", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ocrLanguages(tt.lang, installed); got != tt.want {
			t.Errorf("ocrLanguages(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := ocrLanguages("de", map[string]bool{"deu": true}); got != "deu" {
		t.Errorf("without eng: %q", got)
	}
	if !installedOCRLanguages()["eng"] && ocrAvailable() {
		t.Error("tesseract is installed but its English model was not listed")
	}
}

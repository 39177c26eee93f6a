package jobs

import (
	"bytes"
	"context"
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

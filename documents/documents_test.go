package documents

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tailor/profile"
)

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

// pdfPages counts page objects in the file itself (fpdf leaves object
// dictionaries uncompressed).
func pdfPages(b []byte) int { return len(pageObj.FindAll(b, -1)) }

// pdfToText reads a PDF back with poppler's pdftotext, one string per
// page; ok is false when pdftotext is not installed.
func pdfToText(t *testing.T, b []byte) (pages []string, ok bool) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, false
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages = strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages, true
}

// inOrder fails unless every want appears in text, each after the one before.
func inOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Errorf("%q missing or out of order (looked after byte %d)", w, at)
			continue
		}
		at += i + len(w)
	}
}

func TestCVPDFEveryTemplate(t *testing.T) {
	cv := zoeCV(4)
	for _, tpl := range Templates {
		for _, paper := range []Paper{A4, USLetter} {
			t.Run(tpl.Name+"/"+string(paper), func(t *testing.T) {
				b, err := PDF(CVDocument(cv, paper), tpl, testNow)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b, []byte("%PDF-")) {
					t.Fatal("not a PDF")
				}
				if n := bytes.Count(b, []byte("/FontFile2")); n != 2 {
					t.Errorf("embedded font files = %d, want 2 (regular, bold)", n)
				}
				n := pdfPages(b)
				if n < 1 || n > 3 {
					t.Errorf("a four-role CV came to %d pages", n)
				}
				wantBox := "/MediaBox [0 0 595.28 841.89]"
				if paper == USLetter {
					wantBox = "/MediaBox [0 0 612.00 792.00]"
				}
				for _, link := range []string{"(mailto:zoe@example.org)", "(https://zoe.example.org)"} {
					if !bytes.Contains(b, []byte("/URI "+link)) {
						t.Errorf("no link %s", link)
					}
				}
				if !bytes.Contains(b, []byte(wantBox)) {
					t.Errorf("page size: no %s", wantBox)
				}
				pages, ok := pdfToText(t, b)
				if !ok {
					t.Skip("SKIPPED reading text back: pdftotext (poppler-utils) not installed")
				}
				if len(pages) != n {
					t.Errorf("pdftotext saw %d pages, the file has %d", len(pages), n)
				}
				text := strings.Join(pages, "\n")
				inOrder(t, text, "Zoë Müller-Łukasz", "zoe@example.org", tpl.Heading("Summary"), "Türkiye",
					tpl.Heading("Experience"), "Head of Café Operations, Café Señor GmbH", "Mar 2021 – present",
					"“order” and “pour”", "Shift Manager, Bäckerei Größer & Söhne", "Barista Trainer, Kraków Coffee",
					"Barista, İstanbul Kahve Evi", "Beşiktaş", tpl.Heading("Education"), "Hochschule für Wirtschaft",
					tpl.Heading("Skills"), "Türkçe", tpl.Heading("Projects"), "Niño’s Cold Brew")
				if n > 1 && !strings.Contains(pages[0], "Page 1 of ") {
					t.Errorf("a %d-page CV has no page number on page 1", n)
				}
				if n == 1 && strings.Contains(text, "Page 1") {
					t.Error("a one-page CV is numbered")
				}
			})
		}
	}
}

func TestPDFFontsEmbedded(t *testing.T) {
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("SKIPPED: pdffonts (poppler-utils) not installed")
	}
	b, err := PDF(CVDocument(zoeCV(2), A4), Templates[0], testNow)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cv.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, f).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) < 2 {
		t.Fatalf("pdffonts lists %d fonts:\n%s", len(lines), out)
	}
	for _, l := range lines {
		// name type encoding emb sub uni object ID
		f := strings.Fields(l)
		if len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

func TestPDFMetadata(t *testing.T) {
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("SKIPPED: pdfinfo (poppler-utils) not installed")
	}
	b, err := PDF(CVDocument(zoeCV(1), A4), Templates[1], testNow)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cv.pdf")
	_ = os.WriteFile(f, b, 0o600)
	out, err := exec.Command(pdfinfo, "-enc", "UTF-8", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Title:           Zoë Müller-Łukasz – CV", "Author:          Zoë Müller-Łukasz", "Page size:       595.28 x 841.89 pts (A4)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
}

// TestPDFKeepsHeadingsWithTheirText grows the first role one bullet at a
// time, so that every later heading lands at every height on the page at
// some point, and checks that no page ends with a heading.
func TestPDFKeepsHeadingsWithTheirText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("SKIPPED: pdftotext (poppler-utils) not installed")
	}
	headings := map[string]bool{}
	for _, tpl := range Templates {
		for _, h := range []string{HeadSummary, HeadExperience, HeadEducation, HeadSkills, HeadProjects} {
			headings[tpl.Heading(h)] = true
		}
	}
	base := zoeCV(3)
	checked := 0
	for extra := 0; extra < 40; extra += 1 {
		cv := base
		cv.Experience = append(cv.Experience[:0:0], base.Experience...)
		r := cv.Experience[0]
		r.Highlights = append(r.Highlights[:len(r.Highlights):len(r.Highlights)], base.Experience[1].Highlights[:1]...)
		for i := 0; i < extra; i++ {
			r.Highlights = append(r.Highlights, "Kept the bar stocked and the team fed on a busy Saturday")
		}
		// Long achievements after each later role, so a role's first
		// bullet does not fit in the last line of a page.
		for k := 1; k < len(cv.Experience); k++ {
			rr := cv.Experience[k]
			rr.Highlights = append([]string{strings.Repeat("Served the queue with calm and care at peak hours ", 2+k)}, rr.Highlights...)
			cv.Experience[k] = rr
		}
		cv.Experience[0] = r
		tpl := Templates[extra%len(Templates)]
		b, err := PDF(CVDocument(cv, A4), tpl, testNow)
		if err != nil {
			t.Fatal(err)
		}
		pages, _ := pdfToText(t, b)
		for i, p := range pages[:len(pages)-1] {
			var lines []string
			for _, l := range strings.Split(p, "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, "Page ") {
					lines = append(lines, l)
				}
			}
			last := lines[len(lines)-1]
			checked++
			if headings[last] {
				t.Errorf("%s, %d extra bullets: page %d ends with the heading %q", tpl.Name, extra, i+1, last)
			}
			for _, role := range cv.Experience {
				if strings.HasPrefix(last, role.Title+", ") || last == role.Location {
					t.Errorf("%s, %d extra bullets: page %d ends with the role %q", tpl.Name, extra, i+1, last)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d page ends checked", checked)
	}
}

func TestLetterPDF(t *testing.T) {
	for _, tpl := range Templates {
		t.Run(tpl.Name, func(t *testing.T) {
			in := zoeLetterInput(A4)
			b, err := PDF(LetterDocument(in), tpl, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if n := pdfPages(b); n != 1 {
				t.Errorf("the letter has %d pages", n)
			}
			pages, ok := pdfToText(t, b)
			if !ok {
				t.Skip("SKIPPED reading text back: pdftotext (poppler-utils) not installed")
			}
			text := strings.Join(strings.Fields(pages[0]), " ")
			l := in.Letter
			want := []string{"Zoë Müller-Łukasz", "Straße des 17. Juni 135, 10623 Berlin, DE", "zoe@example.org · +49 30 1234567",
				"30 November 2026", "Ms Ñúñez", "Café Señor GmbH", "Hamburg", l.Subject, l.Greeting}
			for _, p := range l.Paragraphs {
				want = append(want, strings.Join(strings.Fields(p), " "))
			}
			inOrder(t, text, append(want, "Kind regards,", "Zoë Müller-Łukasz")...)
			if strings.Contains(text, "Page 1") {
				t.Error("a one-page letter is numbered")
			}
		})
	}
}

// docxPara is one paragraph read back from word/document.xml.
type docxPara struct {
	Style string
	Text  string
	Num   bool // part of a numbered (bullet) list by direct formatting
}

// readDOCX opens the package and reads document.xml's paragraphs.
func readDOCX(t *testing.T, b []byte) (paras []docxPara, parts map[string]string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts = map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(body)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(body))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
				}
			}
		}
	}
	var doc struct {
		Body struct {
			P []struct {
				PPr struct {
					Style struct {
						Val string `xml:"val,attr"`
					} `xml:"pStyle"`
					NumPr *struct{} `xml:"numPr"`
				} `xml:"pPr"`
				R []struct {
					Inner []byte   `xml:",innerxml"`
					T     []string `xml:"t"`
				} `xml:"r"`
			} `xml:"p"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal([]byte(parts["word/document.xml"]), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Body.P {
		var s strings.Builder
		for _, r := range p.R {
			if bytes.Contains(r.Inner, []byte("<w:tab/>")) {
				s.WriteString("\t")
			}
			s.WriteString(strings.Join(r.T, ""))
		}
		paras = append(paras, docxPara{Style: p.PPr.Style.Val, Text: s.String(), Num: p.PPr.NumPr != nil})
	}
	return paras, parts
}

func TestLetterDOCX(t *testing.T) {
	in := zoeLetterInput(USLetter)
	for _, tpl := range Templates {
		b, err := DOCX(LetterDocument(in), tpl, testNow)
		if err != nil {
			t.Fatal(err)
		}
		paras, parts := readDOCX(t, b)
		var body []string
		byStyle := map[string][]string{}
		for _, p := range paras {
			if p.Style == "" {
				body = append(body, p.Text)
			}
			byStyle[p.Style] = append(byStyle[p.Style], p.Text)
		}
		if strings.Join(body, "\n") != strings.Join(in.Letter.Paragraphs, "\n") {
			t.Errorf("%s: body paragraphs\n%q\nwant\n%q", tpl.Name, body, in.Letter.Paragraphs)
		}
		for style, want := range map[string]string{"Title": "Zoë Müller-Łukasz", "Subject": in.Letter.Subject,
			"Salutation": in.Letter.Greeting, "Closing": "Kind regards,", "Signature": "Zoë Müller-Łukasz",
			"LetterDate": "November 30, 2026"} {
			if got := strings.Join(byStyle[style], "|"); got != want {
				t.Errorf("%s: %s paragraph = %q, want %q", tpl.Name, style, got, want)
			}
		}
		if got := strings.Join(byStyle["InsideAddress"], "|"); got != "Ms Ñúñez|Café Señor GmbH|Hamburg" {
			t.Errorf("%s: recipient = %q", tpl.Name, got)
		}
		if !strings.Contains(parts["word/document.xml"], `<w:pgSz w:w="12240" w:h="15840"/>`) {
			t.Errorf("%s: not US Letter", tpl.Name)
		}
		if !strings.Contains(parts["docProps/core.xml"], "<dc:creator>Zoë Müller-Łukasz</dc:creator>") {
			t.Errorf("%s: no author in core.xml", tpl.Name)
		}
	}
}

func TestCVDOCX(t *testing.T) {
	cv := zoeCV(3)
	for _, tpl := range Templates {
		b, err := DOCX(CVDocument(cv, A4), tpl, testNow)
		if err != nil {
			t.Fatal(err)
		}
		paras, parts := readDOCX(t, b)
		var heads, roles, bullets []string
		for _, p := range paras {
			switch p.Style {
			case "Heading1":
				heads = append(heads, p.Text)
			case "Heading2":
				roles = append(roles, p.Text)
			case "ListBullet":
				bullets = append(bullets, p.Text)
			}
		}
		if got := strings.Join(heads, ","); got != "Summary,Experience,Education,Skills,Projects" {
			t.Errorf("%s: headings %q", tpl.Name, got)
		}
		if len(roles) != 6 || roles[0] != "Head of Café Operations, Café Señor GmbH\tMar 2021 – present" {
			t.Errorf("%s: entries %q", tpl.Name, roles)
		}
		if len(bullets) != 4*3+1 || bullets[0] != cv.Experience[0].Highlights[0] {
			t.Errorf("%s: %d bullets, first %q", tpl.Name, len(bullets), bullets)
		}
		for _, want := range []string{`w:styleId="ListBullet"`, `<w:numId w:val="1"/>`, `<w:keepNext/>`} {
			if !strings.Contains(parts["word/styles.xml"], want) {
				t.Errorf("%s: styles.xml lacks %s", tpl.Name, want)
			}
		}
		if !strings.Contains(parts["word/numbering.xml"], `<w:numFmt w:val="bullet"/>`) {
			t.Errorf("%s: no bullet numbering", tpl.Name)
		}
		if !strings.Contains(parts["word/footer1.xml"], `w:instr=" PAGE "`) {
			t.Errorf("%s: no page numbers", tpl.Name)
		}
	}
}

// TestDOCXWithPythonDocx reads the files with python-docx, the library many
// ATS pipelines use, when it is installed.
func TestDOCXWithPythonDocx(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("SKIPPED: python3-docx not installed")
	}
	dir := t.TempDir()
	cvFile, letterFile := filepath.Join(dir, "cv.docx"), filepath.Join(dir, "letter.docx")
	cvb, _ := DOCX(CVDocument(zoeCV(2), A4), Templates[1], testNow)
	lb, _ := DOCX(LetterDocument(zoeLetterInput(A4)), Templates[1], testNow)
	_ = os.WriteFile(cvFile, cvb, 0o600)
	_ = os.WriteFile(letterFile, lb, 0o600)
	script := `import sys, docx
for f in sys.argv[1:]:
    d = docx.Document(f)
    print("TITLE", d.core_properties.title)
    for p in d.paragraphs:
        print(p.style.name + "|" + p.text)
`
	out, err := exec.Command(py, "-c", script, cvFile, letterFile).CombinedOutput()
	if err != nil {
		t.Fatalf("python-docx could not read the files: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"TITLE Zoë Müller-Łukasz – CV", "Title|Zoë Müller-Łukasz", "Heading 1|Experience",
		"Heading 2|Shift Manager, Bäckerei Größer & Söhne\tJan 2018 – Feb 2021", "List Bullet|Cut the morning queue",
		"Normal|" + zoeLetter().Paragraphs[1], "TITLE Zoë Müller-Łukasz – Cover letter – Café Señor GmbH"} {
		if !strings.Contains(s, want) {
			t.Errorf("python-docx output lacks %q:\n%s", want, s)
		}
	}
}

func TestText(t *testing.T) {
	cv := Text(CVDocument(zoeCV(1), A4))
	for _, bad := range []string{"#", "**", "\n- ", "\\"} {
		if strings.Contains(cv, bad) {
			t.Errorf("plain text holds Markdown %q:\n%s", bad, cv)
		}
	}
	inOrder(t, cv, "Zoë Müller-Łukasz\n", "\n\nSUMMARY\n", "\n\nEXPERIENCE\nHead of Café Operations, Café Señor GmbH | Mar 2021 – present\nBerlin\n• ")
	letter := Text(LetterDocument(zoeLetterInput(A4)))
	inOrder(t, letter, "Zoë Müller-Łukasz\nStraße des 17. Juni 135", "\n\n30 November 2026\n\nMs Ñúñez\nCafé Señor GmbH\nHamburg\n\n",
		"Dear Ms Ñúñez,\n\n", "\n\nKind regards,\nZoë Müller-Łukasz\n")
}

func TestFileName(t *testing.T) {
	for _, c := range []struct{ person, kind, company, title, want string }{
		{"Jane Doe", "CV", "Acme", "Software Engineer", "Jane-Doe-CV-Acme-Software-Engineer"},
		{"Zoë Müller-Łukasz", "CV", "Café Señor GmbH", "Café Manager (m/w/d)", "Zoe-Mueller-Lukasz-CV-Cafe-Senor-GmbH-Cafe-Manager-m-w-d"},
		{"Søren Ødegård", "Cover-Letter", "Straße & Co.", "Ingeniør", "Soren-Odegard-Cover-Letter-Strasse-Co-Ingenior"},
		{"", "CV", "", "", "CV"},
		{"Jennifer Williams, RN", "Cover-Letter", "St. Mary’s Hospital", "Nurse – Med/Surg", "Jennifer-Williams-RN-Cover-Letter-St-Marys-Hospital-Nurse-Med-Surg"},
		{"李小龙", "CV", "Acme", "", "CV-Acme"},
	} {
		if got := FileName(c.person, c.kind, c.company, c.title); got != c.want {
			t.Errorf("FileName(%q, %q, %q) = %q, want %q", c.person, c.company, c.title, got, c.want)
		}
	}
	long := FileName(strings.Repeat("Verylongname ", 20), "CV", "X", "Y")
	if len(long) > 100 || strings.HasSuffix(long, "-") {
		t.Errorf("long name %q", long)
	}
}

func TestContactFromGreeting(t *testing.T) {
	for in, want := range map[string]string{
		"Dear Ms Ñúñez,": "Ms Ñúñez", "Dear Hiring Manager,": "", "Dear Café Señor team,": "",
		"Dear Sir or Madam,": "", "Hello Allison Park,": "Allison Park", "To whom it may concern,": "",
		"Dear recruiting team:": "", "Dear all,": "",
	} {
		if got := ContactFromGreeting(in); got != want {
			t.Errorf("ContactFromGreeting(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPaper(t *testing.T) {
	for cc, want := range map[string]Paper{"US": USLetter, "ca": USLetter, "DE": A4, "": A4, "GB": A4} {
		if got := PaperAuto.Resolve(cc); got != want {
			t.Errorf("paper for %q = %s, want %s", cc, got, want)
		}
	}
	if A4.Resolve("US") != A4 || ParsePaper("Letter") != USLetter || ParsePaper("x") != PaperAuto {
		t.Error("a chosen paper must win over the country")
	}
}

func TestJSONResume(t *testing.T) {
	cv := zoeCV(2)
	b, err := JSONResume(cv, zoeBasics(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	r, err := profile.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Basics.Name != cv.Name || r.Basics.Label != cv.Headline || r.Basics.Location.City != "Berlin" {
		t.Errorf("basics %+v", r.Basics)
	}
	if len(r.Work) != 4 || r.Work[1].Name != "Bäckerei Größer & Söhne" || len(r.Work[1].Highlights) != 2 || r.Work[0].StartDate != "2021-03" {
		t.Errorf("work %+v", r.Work)
	}
	if len(r.Skills) != len(cv.Skills) || r.Education[0].StudyType != "B.A." || r.Projects[0].Name != "Niño’s Cold Brew" {
		t.Errorf("skills %+v education %+v", r.Skills, r.Education)
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(b, &raw)
	if !strings.Contains(string(raw["meta"]), "2026-11-30T09:00:00Z") || raw["$schema"] == nil {
		t.Errorf("meta %s", raw["meta"])
	}
}

// A profile that writes its whole address in one field does not get its
// city and postal code printed a second time.
func TestSenderAddressNotRepeated(t *testing.T) {
	s := SenderFrom(profile.Basics{Name: "Jane", Location: profile.Location{Address: "123 Somewhere Rd., Mountain View, CA 94035",
		PostalCode: "94035", City: "Mountain View", Region: "CA", CountryCode: "US"}})
	if got := strings.Join(s.Address, " | "); got != "123 Somewhere Rd., Mountain View, CA 94035 | CA, US" {
		t.Fatalf("address lines = %q", got)
	}
	s = SenderFrom(profile.Basics{Name: "Zoë", Location: profile.Location{Address: "Straße des 17. Juni 135", PostalCode: "10623", City: "Berlin", CountryCode: "DE"}})
	if got := strings.Join(s.Address, " | "); got != "Straße des 17. Juni 135 | 10623 Berlin | DE" {
		t.Fatalf("address lines = %q", got)
	}
}

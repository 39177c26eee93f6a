package documents

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

const (
	ptPerMM  = 72 / 25.4
	family   = "go"
	bulletIn = 12.0 // indent of a bullet's text, in points
	ruleGap  = 3.0  // space between a section heading and its rule
)

// pdfLine is one line of text placed on a page.
type pdfLine struct {
	page  int
	y     float64 // top of the line
	x, w  float64
	text  string
	right string // dates at the right margin (first line of an entry)
	align string // "L" or "C"
}

// PDF renders the document with template t: real text in reading order in
// one column, the Go fonts embedded (every Latin letter, curly quotes and
// dashes; regular and bold only, as each embedded font costs about 4 ms
// and 4 MB to load), metadata set, and page numbers when it runs past one page.
// now stamps the file's creation date.
func PDF(d Document, t Template, now time.Time) ([]byte, error) {
	size := "A4"
	if d.Paper == USLetter {
		size = "Letter"
	}
	pdf := fpdf.New("P", "pt", size, "")
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes(family, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Author, true)
	pdf.SetSubject(d.Subject, true)
	pdf.SetCreator("Tailor", true)
	pdf.SetProducer("Tailor", true)
	pdf.SetLang("en")
	if !now.IsZero() {
		pdf.SetCreationDate(now)
		pdf.SetModificationDate(now)
	}
	pageW, pageH := pdf.GetPageSize()
	margin := t.MarginMM * ptPerMM
	left, width := margin, pageW-2*margin
	top, bottom := margin, pageH-margin-t.SmallSize*1.5 // room for a page number

	setFont := func(k Kind) {
		style := ""
		if t.Bold(k) {
			style = "B"
		}
		pdf.SetFont(family, style, t.Size(k))
	}

	// Lay out every block into lines, then place them on pages.
	type laid struct {
		lines  []pdfLine
		lineH  float64
		before float64
		keep   bool
	}
	blocks := make([]laid, len(d.Blocks))
	prev := Kind(-1)
	for i, b := range d.Blocks {
		setFont(b.Kind)
		text := pdfText(b.Text)
		if b.Kind == KSection {
			text = t.Heading(text)
		}
		x, w := left, width
		if b.Kind == KBullet {
			x, w = left+bulletIn, width-bulletIn
		}
		right := pdfText(b.Right)
		if right != "" {
			pdf.SetFont(family, "", t.SmallSize)
			w -= pdf.GetStringWidth(right) + 12
			setFont(b.Kind)
		}
		align := "L"
		if t.Centered(b.Kind) {
			align = "C"
		}
		var ls []pdfLine
		for j, s := range pdf.SplitText(text, w) {
			l := pdfLine{x: x, w: w, text: s, align: align}
			if j == 0 {
				l.right = right
			}
			ls = append(ls, l)
		}
		before := 0.0
		if i > 0 {
			before = t.SpaceBefore(b.Kind, prev, d.Letter)
		}
		blocks[i] = laid{lines: ls, lineH: t.Size(b.Kind) * t.Leading, before: before, keep: b.Keep}
		prev = b.Kind
	}
	height := func(i int) float64 {
		h := float64(len(blocks[i].lines)) * blocks[i].lineH
		if d.Blocks[i].Kind == KSection && t.RuleHeads {
			h += ruleGap
		}
		return h
	}

	page, y := 0, top
	for i := range blocks {
		b := &blocks[i]
		// A block kept with the next needs room for itself and the start
		// of what follows; otherwise it starts the next page.
		need := b.before + height(i)
		for j := i; j+1 < len(blocks) && blocks[j].keep; j++ {
			n := blocks[j+1]
			if n.keep {
				need += n.before + height(j+1)
			} else {
				need += n.before + n.lineH
			}
		}
		if page == 0 || (y+need > bottom && y > top) {
			page++
			y = top
		} else {
			y += b.before
		}
		for j := range b.lines {
			if y+b.lineH > bottom && y > top {
				page++
				y = top
			}
			b.lines[j].page, b.lines[j].y = page, y
			y += b.lineH
		}
		if d.Blocks[i].Kind == KSection && t.RuleHeads {
			y += ruleGap
		}
	}
	pages := page

	// Draw, page by page (the footer knows the page count already).
	if pages > 1 {
		m := t.Muted
		pdf.SetFooterFunc(func() {
			pdf.SetFont(family, "", t.SmallSize)
			pdf.SetTextColor(int(m.R), int(m.G), int(m.B))
			pdf.SetXY(left, pageH-margin)
			label := "Page " + strconv.Itoa(pdf.PageNo()) + " of " + strconv.Itoa(pages)
			if d.Author != "" {
				label = pdfText(d.Author) + " · " + label
			}
			pdf.CellFormat(width, t.SmallSize*1.4, label, "", 0, "C", false, 0, "")
		})
	}
	cur := 0
	for i, b := range blocks {
		k := d.Blocks[i].Kind
		c := t.Color(k)
		for j, l := range b.lines {
			for cur < l.page {
				pdf.AddPage()
				cur++
			}
			setFont(k)
			pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
			if k == KBullet && j == 0 {
				pdf.SetXY(left+2, l.y)
				pdf.CellFormat(bulletIn-2, b.lineH, "•", "", 0, "L", false, 0, "")
			}
			pdf.SetXY(l.x, l.y)
			pdf.CellFormat(l.w, b.lineH, l.text, "", 0, l.align, false, 0, "")
			if k == KContact {
				linkContacts(pdf, l, b.lineH)
			}
			if l.right != "" {
				m := t.Muted
				pdf.SetFont(family, "", t.SmallSize)
				pdf.SetTextColor(int(m.R), int(m.G), int(m.B))
				pdf.SetXY(left, l.y)
				pdf.CellFormat(width, b.lineH, l.right, "", 0, "R", false, 0, "")
			}
		}
		if k == KSection && t.RuleHeads && len(b.lines) > 0 {
			last := b.lines[len(b.lines)-1]
			pdf.SetDrawColor(int(c.R), int(c.G), int(c.B))
			pdf.SetLineWidth(0.6)
			ry := last.y + b.lineH + ruleGap/2
			pdf.Line(left, ry, left+width, ry)
		}
	}
	if cur == 0 {
		pdf.AddPage()
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// linkContacts makes the email address and the web address on a contact
// line clickable (the text stays as it is).
func linkContacts(pdf *fpdf.Fpdf, l pdfLine, h float64) {
	x := l.x
	if l.align == "C" {
		x += (l.w - pdf.GetStringWidth(l.text)) / 2
	}
	at := 0
	for _, part := range strings.Split(l.text, " · ") {
		target := ""
		switch {
		case strings.Contains(part, "@") && !strings.Contains(part, " "):
			target = "mailto:" + part
		case strings.HasPrefix(part, "https://") || strings.HasPrefix(part, "http://"):
			target = part
		case strings.HasPrefix(part, "www."):
			target = "https://" + part
		}
		if target != "" {
			pdf.LinkString(x+pdf.GetStringWidth(l.text[:at]), l.y, pdf.GetStringWidth(part), h, target)
		}
		at += len(part) + len(" · ")
	}
}

// pdfText keeps what the embedded fonts can draw: characters outside the
// Basic Multilingual Plane (emoji) and control characters are dropped,
// tabs become spaces.
func pdfText(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || unicode.IsControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r > 0xFFFF || unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

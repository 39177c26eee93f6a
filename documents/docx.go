package documents

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// DOCX writes the document as a WordprocessingML package: real paragraphs
// with built-in styles (Title, Heading 1, Heading 2, List Bullet backed by
// a numbering part), the page size and margins of the template, and, for a
// CV, page numbers in the footer from page two on. It is written by hand
// with archive/zip because no maintained Go library here keeps list styles.
func DOCX(d Document, t Template, now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes(!d.Letter)},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(d, now)},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", documentRels(!d.Letter)},
		{"word/document.xml", documentXML(d, t)},
		{"word/styles.xml", stylesXML(t)},
		{"word/numbering.xml", numberingXML},
		{"word/settings.xml", settingsXML},
	}
	if !d.Letter {
		parts = append(parts,
			struct{ name, body string }{"word/footer1.xml", footerXML(t, d.Author, true)},
			struct{ name, body string }{"word/footer2.xml", footerXML(t, "", false)})
	}
	for _, p := range parts {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// esc escapes text for XML and drops characters XML 1.0 cannot hold.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func contentTypes(footers bool) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	if footers {
		for _, n := range []string{"footer1", "footer2"} {
			b.WriteString(`<Override PartName="/word/` + n + `.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`)
		}
	}
	b.WriteString(`</Types>`)
	return b.String()
}

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

func documentRels(footers bool) string {
	s := xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`
	if footers {
		s += `<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>`
	}
	return s + `</Relationships>`
}

func coreProps(d Document, now time.Time) string {
	ts := now.UTC().Format(time.RFC3339)
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(d.Title) + `</dc:title><dc:subject>` + esc(d.Subject) + `</dc:subject>` +
		`<dc:creator>` + esc(d.Author) + `</dc:creator><cp:lastModifiedBy>` + esc(d.Author) + `</cp:lastModifiedBy>` +
		`<dc:language>en</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified></cp:coreProperties>`
}

const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Tailor</Application></Properties>`

const settingsXML = xmlHeader + `<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/><w:compat>` +
	`<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// The bullet list: one abstract numbering with a bullet at level 0.
const numberingXML = xmlHeader + `<w:numbering ` + nsW + `>` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>` +
	`<w:pPr><w:ind w:left="360" w:hanging="240"/></w:pPr></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`

// halfPt and twips convert points to Word's units.
func halfPt(pt float64) int { return int(pt*2 + 0.5) }
func twips(pt float64) int  { return int(pt*20 + 0.5) }

func rpr(t Template, k Kind) string {
	var b strings.Builder
	b.WriteString("<w:rPr>")
	if t.Bold(k) {
		b.WriteString("<w:b/>")
	}
	if k == KSection && t.UpperHeads {
		b.WriteString("<w:caps/>")
	}
	fmt.Fprintf(&b, `<w:color w:val="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`,
		t.Color(k).Hex(), halfPt(t.Size(k)), halfPt(t.Size(k)))
	return b.String()
}

// docxStyle maps a block kind to a paragraph style; the built-in names
// ("heading 1", "List Bullet") make Word, LibreOffice and ATS parsers see
// headings and lists.
var docxStyle = map[Kind]struct{ id, name string }{
	KName:      {"Title", "Title"},
	KHeadline:  {"Subtitle", "Subtitle"},
	KContact:   {"Contact", "Contact"},
	KSection:   {"Heading1", "heading 1"},
	KEntry:     {"Heading2", "heading 2"},
	KEntryMeta: {"EntryMeta", "Entry Details"},
	KBullet:    {"ListBullet", "List Bullet"},
	KDate:      {"LetterDate", "Date"},
	KRecipient: {"InsideAddress", "Inside Address"},
	KSubject:   {"Subject", "Subject"},
	KGreeting:  {"Salutation", "Salutation"},
	KClosing:   {"Closing", "Closing"},
	KSignature: {"Signature", "Signature"},
}

func stylesXML(t Template) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles ` + nsW + `>`)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:eastAsia="%[1]s" w:cs="%[1]s"/>`+
		`<w:sz w:val="%[2]d"/><w:szCs w:val="%[2]d"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>`+
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="%[3]d" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`,
		t.DocxFont, halfPt(t.BodySize), int(t.Leading*240/1.15+0.5))
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>`+
		`<w:pPr><w:spacing w:after="%d"/></w:pPr><w:rPr><w:color w:val="%s"/></w:rPr></w:style>`, twips(t.ParaGap), t.Ink.Hex())
	for _, k := range []Kind{KName, KHeadline, KContact, KSection, KEntry, KEntryMeta, KBullet, KDate, KRecipient, KSubject, KGreeting, KClosing, KSignature} {
		s := docxStyle[k]
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>`, s.id, s.name)
		if k == KSection || k == KEntry || k == KEntryMeta || k == KSubject || k == KGreeting || k == KClosing {
			b.WriteString(`<w:keepNext/>`)
		}
		if k == KSection {
			b.WriteString(`<w:keepLines/>`)
			if t.RuleHeads {
				fmt.Fprintf(&b, `<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="%s"/></w:pBdr>`, t.Accent.Hex())
			}
		}
		if k == KBullet {
			b.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
		}
		after := 0.0
		switch k {
		case KBullet:
			after = 1
		case KSection:
			after = 3
		case KRecipient, KEntry, KName:
			after = 0
		case KContact, KHeadline:
			after = 1
		}
		before := t.SpaceBefore(k, KPara, false)
		fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d"/>`, twips(before), twips(after))
		if t.Centered(k) {
			b.WriteString(`<w:jc w:val="center"/>`)
		}
		if k == KSection {
			b.WriteString(`<w:outlineLvl w:val="0"/>`)
		}
		if k == KEntry {
			b.WriteString(`<w:outlineLvl w:val="1"/>`)
		}
		b.WriteString(`</w:pPr>` + rpr(t, k) + `</w:style>`)
	}
	b.WriteString(`</w:styles>`)
	return b.String()
}

func documentXML(d Document, t Template) string {
	pw, ph := 11906, 16838 // A4 in twips
	if d.Paper == USLetter {
		pw, ph = 12240, 15840
	}
	margin := twips(t.MarginMM * ptPerMM)
	textW := pw - 2*margin
	var b strings.Builder
	b.Grow(4096 + 300*len(d.Blocks))
	b.WriteString(xmlHeader + `<w:document ` + nsW + `><w:body>`)
	prev := Kind(-1)
	for i, bl := range d.Blocks {
		b.WriteString(`<w:p><w:pPr>`)
		if bl.Kind != KPara {
			b.WriteString(`<w:pStyle w:val="` + docxStyle[bl.Kind].id + `"/>`)
		}
		if bl.Keep {
			b.WriteString(`<w:keepNext/>`)
		}
		if bl.Right != "" {
			fmt.Fprintf(&b, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>`, textW)
		}
		if d.Letter || bl.Kind == KPara {
			// Letter spacing depends on what comes before (the gap above the
			// date, the subject, the signature).
			if i > 0 {
				fmt.Fprintf(&b, `<w:spacing w:before="%d"/>`, twips(t.SpaceBefore(bl.Kind, prev, d.Letter)))
			}
		}
		b.WriteString(`</w:pPr>`)
		b.WriteString(`<w:r><w:t xml:space="preserve">` + esc(bl.Text) + `</w:t></w:r>`)
		if bl.Right != "" {
			m := t.Muted.Hex()
			fmt.Fprintf(&b, `<w:r><w:rPr><w:b w:val="0"/><w:color w:val="%s"/><w:sz w:val="%d"/></w:rPr><w:tab/><w:t xml:space="preserve">%s</w:t></w:r>`,
				m, halfPt(t.SmallSize), esc(bl.Right))
		}
		b.WriteString(`</w:p>`)
		prev = bl.Kind
	}
	b.WriteString(`<w:sectPr>`)
	if !d.Letter {
		b.WriteString(`<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="first" r:id="rId5"/>`)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%[3]d" w:right="%[3]d" w:bottom="%[3]d" w:left="%[3]d" w:header="%[4]d" w:footer="%[4]d" w:gutter="0"/>`,
		pw, ph, margin, margin/2)
	if !d.Letter {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`</w:sectPr></w:body></w:document>`)
	return b.String()
}

// footerXML is the footer of pages after the first ("Name · Page 2 of 3")
// or, with numbers false, the empty footer of the first page.
func footerXML(t Template, author string, numbers bool) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
	if numbers {
		run := func(s string) {
			fmt.Fprintf(&b, `<w:r><w:rPr><w:color w:val="%s"/><w:sz w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`,
				t.Muted.Hex(), halfPt(t.SmallSize), esc(s))
		}
		field := func(instr string) {
			fmt.Fprintf(&b, `<w:fldSimple w:instr=" %s "><w:r><w:rPr><w:color w:val="%s"/><w:sz w:val="%d"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>`,
				instr, t.Muted.Hex(), halfPt(t.SmallSize))
		}
		if author != "" {
			run(author + " · ")
		}
		run("Page ")
		field("PAGE")
		run(" of ")
		field("NUMPAGES")
	}
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

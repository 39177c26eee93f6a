package documents

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text renders the document as clean plain text, for "Copy" and for
// pasting into an application form: no Markdown, headings in capitals on
// their own line, achievements as "• " lines, dates after a tab-free
// " | " so the text reads the same everywhere.
func Text(d Document) string {
	var b strings.Builder
	prev := Kind(-1)
	for _, bl := range d.Blocks {
		k := bl.Kind
		if prev >= 0 && blankBefore(k, prev, d.Letter) {
			b.WriteString("\n")
		}
		switch k {
		case KSection:
			b.WriteString(strings.ToUpper(bl.Text))
		case KBullet:
			b.WriteString("• " + bl.Text)
		default:
			b.WriteString(bl.Text)
		}
		if bl.Right != "" {
			b.WriteString(" | " + bl.Right)
		}
		b.WriteString("\n")
		prev = k
	}
	return b.String()
}

// blankBefore says where plain text leaves an empty line.
func blankBefore(k, prev Kind, letter bool) bool {
	if letter {
		switch {
		case k == KContact && (prev == KName || prev == KContact),
			k == KRecipient && prev == KRecipient,
			k == KSignature && prev == KClosing:
			return false
		}
		return true
	}
	switch k {
	case KSection:
		return true
	case KEntry:
		return prev != KSection
	case KPara:
		return prev != KSection && prev != KEntry
	}
	return false
}

// translit spells letters that do not decompose into ASCII the way people
// write them without the key: German umlauts as ae/oe/ue, ß as ss.
var translit = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
	'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "Th", 'ı': "i", 'ħ': "h", 'Ħ': "H",
}

// ASCII spells s in ASCII letters and digits, keeping it readable: "Zoë
// Müller-Łukasz" becomes "Zoe Mueller-Lukasz". Other characters become
// spaces.
func ASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if d < 0x80 {
				b.WriteRune(d)
			} else if !unicode.Is(unicode.Mn, d) {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// slugWords joins the words of s with '-': only ASCII letters and digits
// survive, case is kept ("Café Señor GmbH" → "Cafe-Senor-GmbH").
func slugWords(s string) string {
	s = strings.NewReplacer("'", "", "’", "").Replace(s) // "St. Mary's" → "St-Marys"
	return strings.Join(strings.FieldsFunc(ASCII(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}), "-")
}

// FileName is the name a person sends a document under, without the
// extension: "Jane-Doe-CV-Acme-Software-Engineer". kind is "CV" or
// "Cover-Letter". It is ASCII only (application portals mangle anything
// else) and at most about 100 characters.
func FileName(person, kind, company, title string) string {
	parts := []string{slugWords(person), kind, slugWords(company), slugWords(title)}
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	s := strings.Join(out, "-")
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-")
	}
	return s
}

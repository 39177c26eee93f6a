package views

import (
	"net/url"
	"strconv"

	"tailor/documents"
	"tailor/drafting"
)

// DocumentsView is the documents panel of a job: the template picker, a
// preview of each finished document and its downloads.
type DocumentsView struct {
	JobID     uint
	Templates []documents.Template
	Template  documents.Template
	Paper     documents.Paper // the setting (auto, a4, letter)
	PaperUsed documents.Paper // the paper the documents are on
	// CountryPaper is what "auto" means for this person.
	CountryPaper documents.Paper
	Papers       []documents.Paper
	CV           *documents.Document // nil until a CV is finished
	Letter       *documents.Document // nil until a letter is finished
	// CVText and LetterText are what Copy puts on the clipboard.
	CVText, LetterText string
	// CVFile and LetterFile are the names downloads are saved under,
	// without the extension.
	CVFile, LetterFile string
}

// PrintView is the print view of one document.
type PrintView struct {
	JobID     uint
	Doc       documents.Document
	Template  documents.Template
	AutoPrint bool // open the print dialog on load
	PDFHref   string
}

// docHref is a download or print link of a job that keeps the chosen
// template in the URL, so a link copied elsewhere gives the same file.
func docHref(v DocumentsView, suffix string) string {
	return jobPath(v.JobID, suffix) + "?" + url.Values{"template": {v.Template.Name}}.Encode()
}

// previewGroup is one element of the HTML preview: a block, or a run of
// bullets shown as one list.
type previewGroup struct {
	documents.Block
	Bullets []string
}

func previewGroups(d documents.Document) []previewGroup {
	var out []previewGroup
	for _, b := range d.Blocks {
		if b.Kind == documents.KBullet {
			if n := len(out); n > 0 && out[n-1].Kind == documents.KBullet {
				out[n-1].Bullets = append(out[n-1].Bullets, b.Text)
				continue
			}
			out = append(out, previewGroup{Block: b, Bullets: []string{b.Text}})
			continue
		}
		out = append(out, previewGroup{Block: b})
	}
	return out
}

// pageStyle is the print view's @page rule: the document's paper and the
// template's margins. Built from constants only.
func pageStyle(v PrintView) string {
	size, width := "A4", "210mm"
	if v.Doc.Paper == documents.USLetter {
		size, width = "letter", "8.5in"
	}
	m := formatMM(v.Template.MarginMM)
	return "<style>@page { size: " + size + "; margin: " + m + "; } " +
		"@media screen { .print-sheet { max-width: " + width + "; padding: " + m + "; } }</style>"
}

func formatMM(mm float64) string { return strconv.FormatFloat(mm, 'f', -1, 64) + "mm" }

// CVPlainText is a CV as clean plain text, what the CV's Copy button copies.
func CVPlainText(cv drafting.CV) string {
	return documents.Text(documents.CVDocument(cv, documents.A4))
}

func paperLabel(v DocumentsView, p documents.Paper) string {
	if p == documents.PaperAuto {
		return "By my country (" + v.CountryPaper.Label() + ")"
	}
	return p.Label()
}

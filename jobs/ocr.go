package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/image/draw"

	"tailor/apperr"
)

// ocrTimeout bounds one tesseract run; a screenshot takes a second or two.
const ocrTimeout = 60 * time.Second

// errNoOCR is returned when screenshots arrive and nothing can read them.
var errNoOCR = apperr.New(apperr.EUNAVAILABLE,
	"Screenshots need text recognition or an AI provider, and this server has neither. Paste the posting's text instead, or ask an admin to install tesseract-ocr on the server or add an AI provider key under Admin → Providers.")

// ocrAvailable reports whether the tesseract command is on PATH.
func ocrAvailable() bool {
	_, err := exec.LookPath("tesseract")
	return err == nil
}

// runOCR reads the text of an image with the tesseract command: the text
// of the posting's own column, in reading order.
func runOCR(ctx context.Context, img []byte) (string, error) {
	s, err := readScreenshot(ctx, img)
	if err != nil {
		return "", err
	}
	return s.Text, nil
}

// runTesseract runs the tesseract command (no cgo) with the image on stdin
// and returns its TSV output: one row per page, block, paragraph, line and
// word, each with its box.
func runTesseract(ctx context.Context, img []byte) (string, error) {
	return runTesseractIn(ctx, img, "")
}

// runTesseractIn is runTesseract with tesseract's language models named
// ("deu+eng"); empty means its default (English).
func runTesseractIn(ctx context.Context, img []byte, langs string) (string, error) {
	path, err := exec.LookPath("tesseract")
	if err != nil {
		return "", errNoOCR
	}
	ctx, cancel := context.WithTimeout(ctx, ocrTimeout)
	defer cancel()
	img, err = shrinkForOCR(img)
	if err != nil {
		return "", err
	}
	release, err := acquireOCR(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	args := []string{"stdin", "stdout"}
	if langs != "" {
		args = append(args, "-l", langs)
	}
	cmd := exec.CommandContext(ctx, path, append(args, "tsv")...)
	limitOCR(cmd)
	cmd.Stdin = bytes.NewReader(img)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", apperr.Wrap(ctx.Err(), apperr.EUNAVAILABLE, "Reading the screenshot took too long. Crop it to the posting and try again, or paste the text.")
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("tesseract: %w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return "", fmt.Errorf("tesseract: %w", err)
	}
	return out.String(), nil
}

// ocrLine is one line of text as tesseract laid it out.
type ocrLine struct {
	block, par  int
	text        string
	left, top   int
	right, bot  int
	height      int // the tallest word's box: how large the text is set
	conf        float64
	column      int
	letterCount int
}

func (l ocrLine) width() int { return l.right - l.left }

// ocrWord is one word row of tesseract's TSV.
type ocrWord struct {
	text                     string
	left, top, width, height int
	conf                     float64
}

// parseTSV groups tesseract's word rows into lines. Words it is not sure
// are words (confidence below 30, or no letter or digit) are left out. A
// gap between two words much wider than the page's usual word spacing is
// a separator OCR did not see (the "·" of "Company · City") and is
// written as " · ".
func parseTSV(tsv string) []ocrLine {
	type key struct{ block, par, line int }
	idx := map[key]int{}
	var lines []ocrLine
	var words [][]ocrWord
	for i, row := range strings.Split(tsv, "\n") {
		f := strings.Split(row, "\t")
		if i == 0 || len(f) < 12 || f[0] != "5" {
			continue
		}
		num := func(j int) int { n, _ := strconv.Atoi(f[j]); return n }
		w := ocrWord{text: strings.TrimSpace(f[11]), left: num(6), top: num(7), width: num(8), height: num(9)}
		w.conf, _ = strconv.ParseFloat(f[10], 64)
		if w.width <= 4 && w.height <= 4 && w.text != "" && !strings.ContainsAny(w.text, "-–—") {
			w.text, w.conf = "·", 100 // the dot of "Company · City", read as "«", "." or "°"
		}
		if w.text == "" || w.conf < 30 || !strings.ContainsFunc(w.text, func(r rune) bool {
			return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("$€£₹₦-–·•|", r)
		}) {
			continue
		}
		k := key{num(2), num(3), num(4)}
		j, ok := idx[k]
		if !ok {
			j = len(lines)
			idx[k] = j
			lines = append(lines, ocrLine{block: k.block, par: k.par})
			words = append(words, nil)
		}
		words[j] = append(words[j], w)
	}
	// The page's usual word spacing, relative to the text's height: wide
	// in a monospace font, narrow in a proportional one.
	var ratios []float64
	for _, ws := range words {
		for k := 1; k < len(ws); k++ {
			if h := max(ws[k].height, ws[k-1].height); h > 0 {
				ratios = append(ratios, float64(ws[k].left-ws[k-1].left-ws[k-1].width)/float64(h))
			}
		}
	}
	sepRatio := 0.8
	if len(ratios) > 0 {
		sort.Float64s(ratios)
		sepRatio = max(sepRatio, 2*ratios[len(ratios)/2])
	}
	for j, ws := range words {
		l := &lines[j]
		l.left, l.top, l.right, l.bot = ws[0].left, ws[0].top, ws[0].left+ws[0].width, ws[0].top+ws[0].height
		var heights []int
		conf := 0.0
		for k, w := range ws {
			if k > 0 {
				prev := ws[k-1]
				gap := float64(w.left-prev.left-prev.width) / float64(max(1, w.height, prev.height))
				if w.text != "·" && prev.text != "·" && gap > sepRatio {
					l.text += " · "
				} else {
					l.text += " "
				}
			}
			l.text += w.text
			l.left, l.top = min(l.left, w.left), min(l.top, w.top)
			l.right, l.bot = max(l.right, w.left+w.width), max(l.bot, w.top+w.height)
			conf += w.conf
			n := 0
			for _, r := range w.text {
				if unicode.IsLetter(r) {
					n++
				}
			}
			l.letterCount += n
			// Only words read with confidence say how large the text is: a
			// logo or an avatar misread as "os." can be any size.
			if w.conf >= 60 && n >= 2 {
				heights = append(heights, w.height)
			}
		}
		l.conf = conf / float64(len(ws))
		// The tallest word that is not an outlier: a box stretched over
		// two lines does not make a paragraph line look like a title.
		if len(heights) > 0 {
			sort.Ints(heights)
			med := heights[len(heights)/2]
			for _, h := range heights {
				if h*10 <= med*16 {
					l.height = h
				}
			}
		}
	}
	sort.SliceStable(lines, func(a, b int) bool { return lines[a].top < lines[b].top })
	return lines
}

// screenshot is what Tailor reads off a screenshot: the text of the
// posting's own column and, from the layout, its title, company and
// location lines.
type screenshot struct {
	Text     string
	Title    string
	Company  string
	Location string
	// Lines is how many lines of text the posting's column holds; Side is
	// how many were left out as side columns (job lists, ads).
	Lines, Side int
}

// minOCRLineHeight is the text height tesseract reads reliably; smaller
// screenshots are enlarged first.
const minOCRLineHeight = 12

// readScreenshot runs tesseract once, finds the posting's column and its
// title, company and location lines. Screenshots with small text (a job
// card, a phone screenshot scaled down) are enlarged and read again.
func readScreenshot(ctx context.Context, img []byte) (screenshot, error) {
	tsv, err := runTesseract(ctx, img)
	if err != nil {
		return screenshot{}, err
	}
	lines := parseTSV(tsv)
	// Enlarge when the text is small, or when nothing was read in a small
	// image (a card); a large image with no text is a photo.
	h := medianHeight(lines)
	small := false
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(img)); err == nil {
		small = max(cfg.Width, cfg.Height) <= 1000
	}
	if h > 0 && h < minOCRLineHeight || h == 0 && small {
		scale := 3
		if h > 0 {
			scale = min(4, max(2, (2*minOCRLineHeight+h-1)/h))
		}
		if big, ok := enlarge(img, scale); ok {
			if tsv2, err := runTesseract(ctx, big); err == nil {
				if l2 := parseTSV(tsv2); letters(l2) > letters(lines) {
					lines = l2
				}
			}
		}
	}
	s := layoutScreenshot(lines)
	// A posting in another language is read again with that language's
	// model when the server has it (Debian's tesseract-ocr-deu, ...): the
	// English model reads "Aufgaben" but not always "Bewerbungsunterlagen".
	if langs := ocrLanguages(detectLanguage(s.Text), installedOCRLanguages()); langs != "" {
		if tsv2, err := runTesseractIn(ctx, img, langs); err == nil {
			if l2 := parseTSV(tsv2); letters(l2) >= letters(lines)*9/10 {
				s = layoutScreenshot(l2)
			}
		}
	}
	return s, nil
}

// tesseractCodes are tesseract's names for the languages Tailor reads.
var tesseractCodes = map[string]string{"de": "deu", "fr": "fra", "es": "spa", "pt": "por", "nl": "nld", "it": "ita", "sw": "swa"}

// ocrLanguages is the -l argument for a posting in lang ("eng+deu"), or ""
// when it is English, unknown, or its model is not installed.
func ocrLanguages(lang string, installed map[string]bool) string {
	code := tesseractCodes[lang]
	if code == "" || !installed[code] {
		return ""
	}
	if installed["eng"] {
		return code + "+eng" // job boards mix in English words
	}
	return code
}

var (
	ocrLangsOnce sync.Once
	ocrLangs     map[string]bool
)

// installedOCRLanguages lists tesseract's language models, once.
func installedOCRLanguages() map[string]bool {
	ocrLangsOnce.Do(func() {
		ocrLangs = map[string]bool{}
		path, err := exec.LookPath("tesseract")
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, path, "--list-langs").CombinedOutput()
		if err != nil {
			return
		}
		for _, l := range strings.Split(string(out), "\n")[1:] {
			if l = strings.TrimSpace(l); l != "" {
				ocrLangs[l] = true
			}
		}
	})
	return ocrLangs
}

func letters(lines []ocrLine) int {
	n := 0
	for _, l := range lines {
		n += l.letterCount
	}
	return n
}

// medianHeight is the usual text size of the lines, 0 when none was read.
func medianHeight(lines []ocrLine) int {
	var hs []int
	for _, l := range lines {
		if l.height > 0 {
			hs = append(hs, l.height)
		}
	}
	if len(hs) == 0 {
		return 0
	}
	sort.Ints(hs)
	return hs[len(hs)/2]
}

// enlarge scales an image up for OCR; false when it cannot be decoded or
// would grow past the size limits.
func enlarge(img []byte, scale int) ([]byte, bool) {
	src, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return nil, false
	}
	b := src.Bounds()
	// No larger than tesseract is given (shrinkForOCR would undo it).
	scale = min(scale, ocrMaxSide/max(1, b.Dx(), b.Dy()))
	if scale < 2 {
		return nil, false
	}
	w, h := b.Dx()*scale, b.Dy()*scale
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// layoutScreenshot keeps the posting's column and reads its head. The
// posting is the column holding the most text; side columns (a list of
// other jobs, ads, "people also viewed") are dropped. The title is the
// largest text near the top of that column; company and location are the
// short lines right around it.
func layoutScreenshot(lines []ocrLine) screenshot {
	var s screenshot
	lines = mainColumn(lines, &s)
	s.Lines = len(lines)
	if len(lines) == 0 {
		return s
	}
	// Text in reading order, a blank line between paragraphs; a line of
	// prose wrapped across the column is joined back into one.
	colLeft, colRight := lines[0].left, lines[0].right
	for _, l := range lines {
		colLeft, colRight = min(colLeft, l.left), max(colRight, l.right)
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			samePar := l.block == prev.block && l.par == prev.par && l.top-prev.bot <= max(prev.height, 1)
			switch {
			case samePar && prev.width()*10 >= (colRight-colLeft)*8 && !bulletRe.MatchString(l.text) &&
				!strings.HasSuffix(prev.text, ":") && abs(l.height-prev.height) <= max(2, prev.height/5):
				b.WriteString(" ")
			case !samePar:
				b.WriteString("\n\n")
			default:
				b.WriteString("\n")
			}
		}
		b.WriteString(l.text)
	}
	s.Text = cleanText(b.String())

	ti := titleLine(lines)
	if ti < 0 {
		return s
	}
	s.Title = strings.TrimSpace(lines[ti].text)
	for j := ti + 1; j < len(lines) && j <= ti+3; j++ {
		t := strings.TrimSpace(lines[j].text)
		if lines[j].height > lines[ti].height*9/10 || len(strings.Fields(t)) > 12 {
			break // the next heading, or the body
		}
		if s.Company == "" && s.Location == "" {
			if c, loc := companyLocationLine([]textLine{{text: t}}, s.Title); c != "" {
				s.Company, s.Location = c, loc
				break
			}
		}
		switch {
		case s.Location == "" && looksLikeLocation(firstMetaPart(t)):
			s.Location = firstMetaPart(t)
		case s.Company == "" && j == ti+1 && plausibleCompany(t):
			s.Company = firstMetaPart(t)
		}
	}
	// Some boards set the company above the title, in smaller type.
	if s.Company == "" && ti > 0 {
		if t := strings.TrimSpace(lines[ti-1].text); lines[ti-1].height < lines[ti].height && plausibleCompany(t) {
			s.Company = firstMetaPart(t)
		}
	}
	s.Company = ocrLegalFormRe.ReplaceAllString(s.Company, " Ltd")
	if loc := relativeRe.FindStringIndex(s.Location); loc != nil {
		s.Location = strings.TrimRight(strings.TrimSpace(s.Location[:loc[0]]), " ,·-–")
	}
	return s
}

// ocrLegalFormRe is "Ltd" as OCR misreads it in small type ("Lid", "Itd").
var ocrLegalFormRe = regexp.MustCompile(`\s(?:Lid|Itd|L1d|Ltd,)\.?$`)

// firstMetaPart is the part of "Redmond, WA · 2 days ago · 40 applicants"
// before the first separator.
func firstMetaPart(t string) string {
	return strings.TrimSpace(splitMetaRe.Split(t, 2)[0])
}

func plausibleCompany(t string) bool {
	t = firstMetaPart(t)
	words := len(strings.Fields(t))
	return words >= 1 && words <= 5 && startsUpperOrDigit(t) && !genericLines.MatchString(t) &&
		!isTitleLike(t) && !strings.ContainsAny(t, "$€£:") && sectionOf(t) == ""
}

// titleLine picks the title: among the first lines of the column, the
// tallest text that reads like a title (not "Apply", not a section
// heading, not a price); a line naming a role wins over a taller one that
// does not.
func titleLine(lines []ocrLine) int {
	limit := min(len(lines), 12)
	cand := func(l ocrLine) bool {
		t := strings.TrimSpace(l.text)
		return l.letterCount >= 3 && len(strings.Fields(t)) <= 12 && !genericLines.MatchString(t) && !sentenceBreakRe.MatchString(t) &&
			sectionOf(t) == "" && !moneyRe.MatchString(t) && !strings.HasSuffix(t, ".") && l.conf >= 50
	}
	tallest := 0
	for _, l := range lines[:limit] {
		if cand(l) {
			tallest = max(tallest, l.height)
		}
	}
	if tallest == 0 {
		return -1
	}
	best := -1
	for i, l := range lines[:limit] {
		if !cand(l) || l.height*100 < tallest*85 {
			continue
		}
		if isTitleLike(l.text) {
			return i
		}
		if best < 0 {
			best = i
		}
	}
	return best
}

// mainColumn drops the lines of side columns. Lines are grouped into
// columns by how their horizontal spans overlap; lines spanning most of
// the page (a top bar) join no column by themselves. The column with the
// most letters is the posting.
func mainColumn(lines []ocrLine, s *screenshot) []ocrLine {
	if len(lines) == 0 {
		return nil
	}
	pageLeft, pageRight := lines[0].left, lines[0].right
	for _, l := range lines {
		pageLeft, pageRight = min(pageLeft, l.left), max(pageRight, l.right)
	}
	pageW := max(1, pageRight-pageLeft)
	// Union lines whose spans overlap by half the narrower one.
	parent := make([]int, len(lines))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	wide := func(l ocrLine) bool { return l.width()*10 > pageW*8 }
	for i := range lines {
		if wide(lines[i]) {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if wide(lines[j]) {
				continue
			}
			a, b := lines[i], lines[j]
			overlap := min(a.right, b.right) - max(a.left, b.left)
			if overlap*2 >= min(a.width(), b.width()) {
				parent[find(i)] = find(j)
			}
		}
	}
	weight := map[int]int{}
	tallest, tallestRoot := 0, -1
	for i, l := range lines {
		if !wide(l) {
			weight[find(i)] += l.letterCount
			if l.letterCount >= 3 && l.height > tallest {
				tallest, tallestRoot = l.height, find(i)
			}
		}
	}
	// The posting's own title is the largest text on the page: its column
	// outweighs a long list of smaller job cards beside it.
	if tallestRoot >= 0 {
		weight[tallestRoot] = weight[tallestRoot] * 3 / 2
	}
	main, best := -1, -1
	for root, w := range weight {
		if w > best || w == best && root < main {
			main, best = root, w
		}
	}
	if main < 0 {
		return lines // every line spans the page: one column
	}
	left, right := pageRight, pageLeft
	for i, l := range lines {
		if !wide(l) && find(i) == main {
			left, right = min(left, l.left), max(right, l.right)
		}
	}
	// A side column of this job's own details ("Location: Berlin",
	// "Job type: Full-time", as Workday or SmartRecruiters show them) is
	// kept, after the posting; one of ads or other jobs is not.
	labels := map[int]int{}
	for i, l := range lines {
		if m := keyLineRe.FindStringSubmatch(l.text); m != nil && !wide(l) && keyAlias(strings.ToLower(strings.TrimSpace(m[1]))) != "" {
			labels[find(i)]++
		}
	}
	var out, details []ocrLine
	for i, l := range lines {
		center := (l.left + l.right) / 2
		switch {
		case !wide(l) && find(i) == main:
			out = append(out, l)
		case wide(l) && center >= left && center <= right:
			out = append(out, l)
		case !wide(l) && l.left >= left-pageW/50 && l.right <= right+pageW/50:
			out = append(out, l) // a short line inside the column's span
		case !wide(l) && labels[find(i)] >= 2:
			details = append(details, l)
		default:
			s.Side++
		}
	}
	return append(out, details...)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

package jobs

import (
	"log/slog"
	"net/url"
	"regexp"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageMeta is what a page says about itself outside its structured data:
// OpenGraph, <title>, the first <h1>, its language. Extraction uses it as a
// hint, weaker than structured data.
type PageMeta struct {
	Title       string `json:"title,omitempty"` // <title>
	OGTitle     string `json:"og_title,omitempty"`
	SiteName    string `json:"site_name,omitempty"`
	H1          string `json:"h1,omitempty"`
	Description string `json:"description,omitempty"`
	Language    string `json:"language,omitempty"`
}

// BestTitle is the page's own idea of its title: the first <h1>, else
// og:title, else <title> without the site's suffix.
func (m PageMeta) BestTitle() string {
	for _, t := range []string{m.H1, stripSiteSuffix(m.OGTitle, m.SiteName), stripSiteSuffix(m.Title, m.SiteName)} {
		if t != "" && len(t) <= 160 {
			return t
		}
	}
	return ""
}

var siteSepRe = regexp.MustCompile(`\s+[|–—·-]\s+`)

// stripSiteSuffix drops a trailing "| Site" or "- Site" from a page title.
func stripSiteSuffix(t, site string) string {
	locs := siteSepRe.FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return t
	}
	loc := locs[len(locs)-1]
	last, s := strings.ToLower(t[loc[1]:]), strings.ToLower(site)
	if (s != "" && (last == s || strings.Contains(s, last) || strings.Contains(last, s))) ||
		strings.Contains(t[loc[0]:loc[1]], "|") {
		return strings.TrimSpace(t[:loc[0]])
	}
	return t
}

// pageSignals are counts the classifier reads to tell a job posting from a
// login wall, a captcha or a list of jobs.
type pageSignals struct {
	passwordInputs int
	captchaMarkup  bool
	careerSite     bool // a SuccessFactors career site, whatever its domain
	jobLinks       int  // distinct links to what look like single job postings
	jobLinkText    int  // characters of text inside those links
	openings       []Opening
	headings       []string
}

// parsedPage is one pass over a page: structured postings by source, the
// metadata, the main text and the classifier's signals.
type parsedPage struct {
	url      string
	jsonld   []Posting
	micro    []Posting // microdata and RDFa
	meta     PageMeta
	mainText string
	bodyText string // visible text of the whole body, for wall and captcha phrases
	signals  pageSignals
	board    *boardResult // what a board adapter read; nil on other sites
}

// structured merges the page's structured postings: a board adapter's
// reading first, then JSON-LD, then microdata and RDFa fill what it lacks.
func (pp *parsedPage) structured() Posting {
	var all []Posting
	if pp.board != nil {
		all = append(all, pp.board.posting)
	}
	if len(pp.jsonld) > 0 {
		all = append(all, pp.jsonld[0])
	}
	if len(pp.micro) > 0 {
		all = append(all, pp.micro[0])
	}
	var out Posting
	for _, p := range all {
		out = fillPosting(out, p, "")
	}
	return out
}

// structuredCount counts distinct structured postings (by title), so one
// posting marked up twice is still one.
func (pp *parsedPage) structuredCount() int {
	seen := map[string]bool{}
	for _, list := range [][]Posting{pp.jsonld, pp.micro} {
		for _, p := range list {
			seen[strings.ToLower(p.Title+"|"+p.Location+"|"+p.Company)] = true
		}
	}
	return len(seen)
}

// ParseHTML runs the cascade's first two steps without a model: schema.org
// JobPosting from JSON-LD, microdata or RDFa, then the page's own metadata
// for the title and language. It also returns the page's main text (no
// markup; headings as "#" lines, list items as "- " lines), which is what a
// model or the offline heuristics read next.
func ParseHTML(pageURL, htmlText string) (Posting, string, error) {
	pp, err := parsePage(pageURL, htmlText)
	if err != nil {
		return Posting{}, "", err
	}
	p := pp.structured()
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	if p.Title == "" {
		if t := pp.meta.BestTitle(); t != "" {
			p.Title = t
			p.Sources["title"] = SourcePage
		}
	}
	if p.Language == "" && pp.meta.Language != "" {
		p.Language = pp.meta.Language
		p.Sources["language"] = SourcePage
	}
	if p.SourceURL == "" {
		p.SourceURL = pageURL
	}
	pp.finishPosting(&p)
	return p, pp.mainText, nil
}

// parsePage parses htmlText once and reads everything extraction needs.
// One walk over the tree collects what every later step looks at, because
// on a 1 MB page each extra full traversal costs milliseconds.
func parsePage(pageURL, htmlText string) (*parsedPage, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(stripHeavy(htmlText)))
	if err != nil {
		return nil, err
	}
	pp := &parsedPage{url: pageURL}
	sc := scanDocument(doc.Nodes[0])

	for _, n := range sc.ldScripts {
		nodes, err := parseJSONLD(nodeText(n))
		if err != nil {
			slog.Debug("json-ld block skipped", "url", pageURL, "error", err)
			continue
		}
		for _, m := range nodes {
			pp.jsonld = append(pp.jsonld, postingFromSchema(m, SourceJSONLD))
		}
	}
	for _, n := range sc.microScopes {
		pp.micro = append(pp.micro, postingFromSchema(readItem(n, microdataSyntax, 0), SourceMicrodata))
	}
	for _, n := range sc.rdfaScopes {
		pp.micro = append(pp.micro, postingFromSchema(readItem(n, rdfaSyntax, 0), SourceMicrodata))
	}

	pp.meta = sc.meta()
	root := sc.mainRoot(doc.Nodes[0])
	pp.mainText = blockText(root, true)
	if sc.body != nil {
		pp.bodyText = blockText(sc.body, false)
	}
	// A page that is only a JSON-LD block (or whose visible text is thin)
	// still has the posting's text in the structured description.
	if s := pp.structured(); len(pp.mainText) < 200 && len(s.Description) > len(pp.mainText) {
		pp.mainText = s.Description
	}
	pp.signals = sc.signals(pageURL)
	pp.readBoard(htmlText, doc)
	// A page with no main region and no structured posting gave the whole
	// body: menus, rails and teasers in plain divs come with the posting.
	// Readability finds the article among them (it rearranges the tree, so
	// it goes last); its text wins when it kept a real share of the body.
	if root == sc.body && len(pp.jsonld) == 0 && len(pp.micro) == 0 && len(pp.mainText) > 2000 {
		if t := readableText(doc.Nodes[0], pageURL); len(t) >= 300 && len(t) >= len(pp.mainText)/5 {
			pp.mainText = t
		}
	}
	return pp, nil
}

// readableText is the article readability finds in doc, rendered with the
// same headings and bullets as the rest of the cascade reads.
func readableText(doc *html.Node, pageURL string) string {
	u, _ := url.Parse(pageURL)
	if u == nil {
		u = &url.URL{}
	}
	p := readability.NewParser()
	p.MaxElemsToParse = 30_000
	art, err := p.ParseAndMutate(doc, u)
	if err != nil || art.Node == nil {
		return ""
	}
	return blockText(art.Node, true)
}

// docScan is what one walk over a document finds.
type docScan struct {
	ldScripts, metas, anchors  []*html.Node
	title, h1, root, body      *html.Node
	mains, roleMains, articles []*html.Node
	microScopes, rdfaScopes    []*html.Node
	passwordInputs             int
	captcha                    bool
	careerSite                 bool // SuccessFactors' data-careersite-propertyid
}

func scanDocument(doc *html.Node) *docScan {
	sc := &docScan{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script:
				if t, _ := attr(n, "type"); strings.HasPrefix(strings.ToLower(strings.TrimSpace(t)), "application/ld+json") {
					sc.ldScripts = append(sc.ldScripts, n)
				}
				if src, ok := attr(n, "src"); ok && captchaRe.MatchString(src) {
					sc.captcha = true
				}
				return // scripts hold no elements
			case atom.Style:
				return
			case atom.Meta:
				sc.metas = append(sc.metas, n)
			case atom.Title:
				if sc.title == nil {
					sc.title = n
				}
			case atom.H1:
				if sc.h1 == nil {
					sc.h1 = n
				}
			case atom.Html:
				sc.root = n
			case atom.Body:
				sc.body = n
			case atom.Main:
				sc.mains = append(sc.mains, n)
			case atom.Article:
				sc.articles = append(sc.articles, n)
			case atom.A:
				if _, ok := attr(n, "href"); ok {
					sc.anchors = append(sc.anchors, n)
				}
			case atom.Input:
				if t, _ := attr(n, "type"); strings.EqualFold(t, "password") {
					sc.passwordInputs++
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "role":
					if a.Val == "main" {
						sc.roleMains = append(sc.roleMains, n)
					}
				case "itemtype":
					if _, ok := attr(n, "itemscope"); ok && typeIs(a.Val, "JobPosting") {
						sc.microScopes = append(sc.microScopes, n)
					}
				case "typeof":
					if typeIs(a.Val, "JobPosting") {
						sc.rdfaScopes = append(sc.rdfaScopes, n)
					}
				case "data-careersite-propertyid":
					sc.careerSite = true
				case "class", "id", "src":
					if !sc.captcha && hasCaptchaToken(a.Val) {
						sc.captcha = true
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sc
}

// captchaTokens are class, id and src fragments of captcha and bot-check widgets.
var captchaTokens = []string{"g-recaptcha", "h-captcha", "hcaptcha", "cf-turnstile", "challenge-form", "cf-challenge",
	"px-captcha", "captcha-delivery", "/recaptcha/"}

func hasCaptchaToken(v string) bool {
	if len(v) < 6 {
		return false
	}
	v = strings.ToLower(v)
	for _, t := range captchaTokens {
		if strings.Contains(v, t) {
			return true
		}
	}
	return false
}

// nodeText is the concatenated text under n.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// hasText reports whether n holds at least min bytes of non-space text,
// stopping as soon as it does.
func hasText(n *html.Node, min int) bool {
	count := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			count += len(strings.TrimSpace(n.Data))
			return count >= min
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

func (sc *docScan) meta() PageMeta {
	var m PageMeta
	for _, n := range sc.metas {
		key, ok := attr(n, "property")
		if !ok {
			key, _ = attr(n, "name")
		}
		content, _ := attr(n, "content")
		val := cleanInline(content)
		switch strings.ToLower(key) {
		case "og:title":
			if m.OGTitle == "" {
				m.OGTitle = val
			}
		case "og:site_name":
			m.SiteName = val
		case "description", "og:description":
			if m.Description == "" {
				m.Description = val
			}
		}
	}
	if sc.title != nil {
		m.Title = cleanInline(nodeText(sc.title))
	}
	if sc.h1 != nil {
		m.H1 = cleanInline(nodeText(sc.h1))
	}
	if sc.root != nil {
		l, _ := attr(sc.root, "lang")
		m.Language = normalizeLanguage(l)
	}
	return m
}

func normalizeLanguage(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if len(l) < 2 || len(l) > 3 {
		return ""
	}
	return l
}

// mainRoot picks the node holding the main content: <main> or role=main
// when it has real text, else a single <article>, else <body>. This is a
// much cheaper cousin of readability: job pages are simple, and the
// 1 MB-in-20 ms budget leaves no room for readability's repeated passes.
func (sc *docScan) mainRoot(doc *html.Node) *html.Node {
	for _, list := range [][]*html.Node{sc.mains, sc.roleMains, sc.articles} {
		if len(list) == 1 && hasText(list[0], 200) {
			return list[0]
		}
	}
	if sc.body != nil {
		return sc.body
	}
	return doc
}

// skipTags never hold posting text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Button: true,
	atom.Select: true, atom.Option: true, atom.Textarea: true, atom.Input: true, atom.Head: true,
	atom.Object: true, atom.Canvas: true, atom.Math: true,
}

var skipRoles = map[string]bool{"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Tr: true, atom.Dl: true, atom.Dd: true, atom.Dt: true, atom.Blockquote: true,
	atom.Pre: true, atom.Header: true, atom.Main: true, atom.Form: true, atom.Figure: true,
	atom.Address: true, atom.Hr: true, atom.Br: true, atom.Fieldset: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Tbody: true, atom.Thead: true, atom.Center: true,
}

// textWriter builds plain text with one block per line.
type textWriter struct {
	b           strings.Builder
	lineContent bool // text written on the current line beyond a prefix
	space       bool // a space is pending before the next word
}

func (w *textWriter) text(s string) {
	if s == "" {
		return
	}
	startsSpace := isSpaceByte(s[0])
	endsSpace := isSpaceByte(s[len(s)-1])
	first := true
	for _, f := range strings.Fields(s) {
		if w.lineContent && (w.space || startsSpace || !first) {
			w.b.WriteByte(' ')
		}
		w.b.WriteString(f)
		w.lineContent = true
		w.space = false
		first = false
	}
	if endsSpace && w.lineContent {
		w.space = true
	}
}

func (w *textWriter) prefix(p string) {
	w.newline()
	w.b.WriteString(p)
	w.space = false
}

func (w *textWriter) newline() {
	if w.lineContent {
		w.b.WriteByte('\n')
	}
	w.lineContent = false
	w.space = false
}

func (w *textWriter) blank() {
	w.newline()
	s := w.b.String()
	if len(s) > 0 && !strings.HasSuffix(s, "\n\n") {
		w.b.WriteByte('\n')
	}
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' }

// blockText renders n as plain text: headings become "# " lines, list items
// "- " lines, other blocks their own lines. With skipChrome it leaves out
// navigation, footers and hidden parts.
func blockText(n *html.Node, skipChrome bool) string {
	var w textWriter
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			return
		case html.ElementNode:
			if skipTags[n.DataAtom] && (skipChrome || n.DataAtom == atom.Script || n.DataAtom == atom.Style ||
				n.DataAtom == atom.Head || n.DataAtom == atom.Noscript || n.DataAtom == atom.Template || n.DataAtom == atom.Svg) {
				return
			}
			if skipChrome && hiddenNode(n) {
				return
			}
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				w.blank()
				w.prefix(strings.Repeat("#", int(n.Data[1]-'0')) + " ")
				walkChildren(n, walk)
				w.blank()
				return
			case atom.Li:
				w.prefix("- ")
				walkChildren(n, walk)
				w.newline()
				return
			case atom.Td, atom.Th:
				walkChildren(n, walk)
				w.space = true
				return
			case atom.Img:
				return
			}
			if blockTags[n.DataAtom] {
				w.newline()
				walkChildren(n, walk)
				w.newline()
				return
			}
		}
		walkChildren(n, walk)
	}
	walk(n)
	return strings.TrimSpace(w.b.String())
}

func walkChildren(n *html.Node, f func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f(c)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// hiddenNode reports parts a reader never sees or that are site chrome:
// hidden, aria-hidden, page-level roles, cookie banners, the site header.
func hiddenNode(n *html.Node) bool {
	if _, ok := attr(n, "hidden"); ok {
		return true
	}
	if v, _ := attr(n, "aria-hidden"); v == "true" {
		return true
	}
	if v, _ := attr(n, "role"); skipRoles[v] {
		return true
	}
	if st, _ := attr(n, "style"); strings.Contains(strings.ReplaceAll(st, " ", ""), "display:none") {
		return true
	}
	id, _ := attr(n, "id")
	class, _ := attr(n, "class")
	ic := strings.ToLower(id + " " + class)
	if strings.Contains(ic, "cookie") || strings.Contains(ic, "skipnav") || strings.Contains(ic, "usa-banner") {
		return true
	}
	if n.DataAtom == atom.Header && n.Parent != nil && n.Parent.DataAtom == atom.Body {
		return true
	}
	return false
}

// htmlToText renders an HTML fragment (a JSON-LD description) as text.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return strings.TrimSpace(s)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return blockText(root, false)
}

// cleanInline collapses whitespace and decodes entities left in a value.
func cleanInline(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

var (
	jobTitleRe = regexp.MustCompile(`(?i)\b(engineer|developer|manager|designer|analyst|specialist|scientist|consultant|assistant|coordinator|officer|administrator|director|intern|architect|accountant|nurse|representative|technician|writer|editor|recruiter|teacher|associate|executive|operator|driver|agent|advisor|clerk|programmer|lead|head of|researcher|product owner|sales|marketing|support|cashier|chef|electrician|mechanic|therapist|pharmacist|lawyer|paralegal|auditor|economist|strategist)\b`)
	captchaRe  = regexp.MustCompile(`(?i)(g-recaptcha|h-captcha|hcaptcha|cf-turnstile|challenge-form|cf-challenge|px-captcha|captcha-delivery|/recaptcha/)`)
)

// jobHrefTokens are URL fragments of links to single job postings.
var jobHrefTokens = []string{"/job/", "/jobs/", "/career/", "/careers/", "/position", "/vacanc", "/opening", "/job-",
	"jobid=", "/viewjob", "gh_jid=", "/rc/clk", "/o/", "/posting", "/requisition"}

func jobHref(h string) bool {
	h = strings.ToLower(h)
	for _, t := range jobHrefTokens {
		if strings.Contains(h, t) {
			return true
		}
	}
	return false
}

// signals counts password fields, captcha widgets and links to single job
// postings, for the classifier.
func (sc *docScan) signals(pageURL string) pageSignals {
	sig := pageSignals{passwordInputs: sc.passwordInputs, captchaMarkup: sc.captcha, careerSite: sc.careerSite}
	base, _ := url.Parse(pageURL)
	seen := map[string]bool{}
	for _, a := range sc.anchors {
		if sig.jobLinks >= 100 {
			break // plenty to call it a list
		}
		href, _ := attr(a, "href")
		if strings.HasPrefix(href, "#") || !jobHref(href) {
			continue
		}
		if base != nil {
			if u, err := base.Parse(href); err == nil {
				u.Fragment = ""
				href = u.String()
			}
		}
		if seen[href] {
			continue
		}
		text := cleanInline(nodeText(a))
		words := len(strings.Fields(text))
		if words < 1 || words > 14 || !jobTitleRe.MatchString(text) {
			continue
		}
		seen[href] = true
		sig.jobLinks++
		sig.jobLinkText += len(text)
		sig.openings = append(sig.openings, Opening{Title: text, URL: href})
	}
	return sig
}

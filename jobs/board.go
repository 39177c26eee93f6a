package jobs

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"tailor/apperr"
)

// A board adapter reads one job board's or applicant tracking system's own
// page structure (embedded JSON, meta tags, stable attributes) before the
// generic cascade. Boards know where their employer, location and pay sit;
// the generic rules only guess. Each adapter lives in its own file
// (board_linkedin.go, board_indeed.go, ...) and is listed in boardAdapters.
type boardAdapter struct {
	name string // "linkedin": the source recorded is "board:linkedin"
	// hosts are host suffixes the board serves pages from.
	hosts []string
	// markers are strings only this board's markup carries, for pasted page
	// source and for boards served from a company's own domain.
	markers []string
	// jobBoard is true for boards that carry many employers' ads (LinkedIn,
	// SEEK); false for an applicant tracking system, whose pages carry one
	// employer's name and brand.
	jobBoard bool
	read     func(bp *boardPage) boardResult
}

// boardPage is what an adapter reads: the page's URL, its parsed document
// (scripts other than JSON-LD already stripped) and the raw HTML, whose
// inline scripts hold the embedded job JSON of many boards.
type boardPage struct {
	u    *url.URL
	doc  *goquery.Document
	raw  string
	meta PageMeta
	ld   []Posting // JSON-LD postings found on the page
}

// boardResult is what an adapter found. Everything is optional: an adapter
// fills only what the page's own structure states.
type boardResult struct {
	board    string
	jobBoard bool
	posting  Posting // fields, each recorded as "board:<name>"
	// text is the posting's own text region (the description panel), read
	// instead of the whole page when it is substantial.
	text string
	// kind is set when the board's structure says what the page is: a
	// search page, a sign-in wall, a list of openings.
	kind     pageKind
	openings []Opening
	expired  bool
	// companyWithheld is set when the board says the employer is not named
	// ("Confidential", "Private Advertiser"): no other step may guess one.
	companyWithheld bool
}

// Opening is one job on a page that lists several: what the person picks
// from when Tailor refuses a list.
// It is the refusal's own link type, so openings travel in an apperr.Error
// without conversion.
type Opening = apperr.Link

// boardAdapters are tried in order; the first whose host or marker matches
// reads the page.
var boardAdapters = []boardAdapter{
	linkedinBoard, indeedBoard, greenhouseBoard, leverBoard, workdayBoard, smartRecruitersBoard,
	ashbyBoard, workableBoard, seekBoard, stepstoneBoard, brighterMondayBoard, fuzuBoard, myJobMagBoard,
	successFactorsBoard,
}

// SourceBoard is the source recorded for a field a board adapter read.
func SourceBoard(name string) string { return "board:" + name }

// BoardLabel is the board's name for people: "board:linkedin" is
// "LinkedIn". It is "" for sources that are not boards.
func BoardLabel(source string) string {
	name, ok := strings.CutPrefix(source, "board:")
	if !ok {
		return ""
	}
	if l, ok := boardLabels[name]; ok {
		return l
	}
	return name
}

var boardLabels = map[string]string{
	"linkedin": "LinkedIn", "indeed": "Indeed", "greenhouse": "Greenhouse", "lever": "Lever", "workday": "Workday",
	"smartrecruiters": "SmartRecruiters", "ashby": "Ashby", "workable": "Workable", "seek": "SEEK", "stepstone": "StepStone",
	"brightermonday": "BrighterMonday", "fuzu": "Fuzu", "myjobmag": "MyJobMag", "successfactors": "SuccessFactors",
}

// matchBoard picks the adapter for a page by its host. Pasted page source
// has no host: its markup says which board it came from. (Scanning a 1 MB
// fetched page for every board's markers would cost more than parsing it,
// so fetched pages on other hosts are matched by host alone; a
// SuccessFactors career site on the employer's domain is recognised while
// the page is parsed.)
func matchBoard(u *url.URL, raw string) *boardAdapter {
	if u != nil && u.Hostname() != "" {
		host := strings.ToLower(u.Hostname())
		for i := range boardAdapters {
			for _, h := range boardAdapters[i].hosts {
				if hostIs(host, h) {
					return &boardAdapters[i]
				}
			}
		}
		return nil
	}
	for i := range boardAdapters {
		for _, m := range boardAdapters[i].markers {
			if strings.Contains(raw, m) {
				return &boardAdapters[i]
			}
		}
	}
	return nil
}

// hostIs reports whether host is suffix or a subdomain of it. A suffix
// ending in "." ("indeed.") matches any country domain: indeed.com,
// indeed.co.uk, de.indeed.com.
func hostIs(host, suffix string) bool {
	if strings.HasSuffix(suffix, ".") {
		return strings.HasPrefix(host, suffix) || strings.Contains(host, "."+suffix)
	}
	return host == suffix || strings.HasSuffix(host, "."+suffix)
}

// readBoard runs the matching adapter, if any, and records its source on
// every field it filled.
func readBoard(pageURL, raw string, doc *goquery.Document, meta PageMeta, ld []Posting, careerSite bool) *boardResult {
	u, _ := url.Parse(pageURL)
	a := matchBoard(u, raw)
	if a == nil && careerSite {
		a = &successFactorsBoard
	}
	if a == nil {
		return nil
	}
	if u == nil {
		u = &url.URL{}
	}
	r := a.read(&boardPage{u: u, doc: doc, raw: raw, meta: meta, ld: ld})
	r.board, r.jobBoard = a.name, a.jobBoard
	p := &r.posting
	if p.Title == "" && p.Company == "" && r.kind == "" && r.text == "" && !r.expired {
		return nil // the markup matched, but nothing the board's structure holds
	}
	p.Title = cleanInline(p.Title)
	p.Company = cleanInline(p.Company)
	p.Location = cleanInline(p.Location)
	if p.Seniority == "" {
		p.Seniority = seniorityFromTitle(p.Title)
	}
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	src := SourceBoard(a.name)
	for _, f := range postingFields {
		if f.set(p) {
			p.Sources[f.name] = src
		} else {
			delete(p.Sources, f.name)
		}
	}
	r.text = strings.TrimSpace(r.text)
	return &r
}

var boardNameRe = regexp.MustCompile(`(?i)^(linkedin|indeed(\.\w+)*|seek( australia| new zealand| nz| limited)?|stepstone( gmbh)?|glassdoor|brighter ?monday( kenya| uganda| tanzania)?|fuzu|myjobmag|greenhouse|lever|workday|smartrecruiters|ashby|workable|jobberman|careerjet|monster|ziprecruiter|space crew)$`)

// isBoardName reports whether name is a job board's own name.
func isBoardName(name, board string) bool {
	n := strings.TrimSpace(name)
	return n != "" && (boardNameRe.MatchString(n) || strings.EqualFold(n, boardLabels[board]))
}

// --- small readers the adapters share ---

type selection = *goquery.Selection

// text is the cleaned text of the first element matching sel.
func (bp *boardPage) text(sel string) string {
	if bp.doc == nil {
		return ""
	}
	return cleanInline(bp.doc.Find(sel).First().Text())
}

// words is the text of every element matching sel, each text node a
// separate word group: pills and tags written without spaces between
// them ("Hybrid", "Full-time") stay apart.
func (bp *boardPage) words(sel string) string {
	if bp.doc == nil {
		return ""
	}
	var parts []string
	bp.doc.Find(sel).Each(func(_ int, s selection) {
		for _, n := range s.Nodes {
			parts = append(parts, blockText(n, true))
		}
	})
	return cleanInline(strings.Join(parts, " "))
}

// attr is an attribute of the first element matching sel.
func (bp *boardPage) attr(sel, name string) string {
	if bp.doc == nil {
		return ""
	}
	v, _ := bp.doc.Find(sel).First().Attr(name)
	return cleanInline(v)
}

// block is the posting text of the first element matching sel, with
// headings and list items marked as the cascade reads them.
func (bp *boardPage) block(sel string) string {
	if bp.doc == nil {
		return ""
	}
	s := bp.doc.Find(sel).First()
	if s.Length() == 0 {
		return ""
	}
	return blockText(s.Nodes[0], true)
}

// metaContent is the content of <meta property=key> or <meta name=key>.
func (bp *boardPage) metaContent(key string) string {
	if bp.doc == nil {
		return ""
	}
	for _, a := range []string{"property", "name", "itemprop"} {
		if v := bp.attr(`meta[`+a+`="`+key+`"]`, "content"); v != "" {
			return v
		}
	}
	return ""
}

// firstLD is the page's first JSON-LD posting, or an empty one.
func (bp *boardPage) firstLD() Posting {
	if len(bp.ld) > 0 {
		return bp.ld[0]
	}
	return Posting{}
}

// links lists the anchors matching sel as openings, resolved against the
// page's URL, skipping repeats.
func (bp *boardPage) links(sel, titleSel string) []Opening {
	if bp.doc == nil {
		return nil
	}
	var out []Opening
	seen := map[string]bool{}
	bp.doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		a := s
		if goquery.NodeName(s) != "a" {
			a = s.Find("a[href]").First()
		}
		href, _ := a.Attr("href")
		title := cleanInline(s.Text())
		if titleSel != "" {
			title = cleanInline(s.Find(titleSel).First().Text())
		}
		if href == "" || title == "" {
			return
		}
		if r, err := bp.u.Parse(href); err == nil {
			r.Fragment = ""
			href = r.String()
		}
		if seen[href] {
			return
		}
		seen[href] = true
		out = append(out, Opening{Title: title, URL: href})
	})
	return out
}

// embeddedJSON decodes the JSON value assigned after marker in the raw
// page ("window._initialData=" → the object that follows). Script bodies
// sometimes HTML-escape their quotes; those are undone first.
func embeddedJSON(raw, marker string) map[string]any {
	i := strings.Index(raw, marker)
	if i < 0 {
		return nil
	}
	rest := raw[i+len(marker):]
	j := strings.IndexAny(rest, "{")
	if j < 0 || j > 40 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(rest[j:]))
	var m map[string]any
	if err := dec.Decode(&m); err == nil {
		return m
	}
	// A value inside an HTML attribute or <code> block is entity-escaped.
	if end := strings.Index(rest[j:], "</"); end > 0 {
		dec = json.NewDecoder(strings.NewReader(html.UnescapeString(rest[j : j+end])))
		if err := dec.Decode(&m); err == nil {
			return m
		}
	}
	return nil
}

// dig walks a decoded JSON value by object keys and array indexes given as
// strings ("0"); nil when any step is missing.
func dig(v any, path ...string) any {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				if c < '0' || c > '9' {
					return nil
				}
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// digString is dig for a string (or number) value, cleaned.
func digString(v any, path ...string) string {
	switch x := dig(v, path...).(type) {
	case string:
		return cleanInline(x)
	case float64:
		return firstString(x)
	}
	return ""
}

// findKey finds the first object under v (depth-first) that has key, and
// returns that object. Boards nest their job data under build-specific
// paths; the key names are what stay stable.
func findKey(v any, key string, depth int) map[string]any {
	if depth > 24 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x[key]; ok {
			return x
		}
		for _, c := range x {
			if m := findKey(c, key, depth+1); m != nil {
				return m
			}
		}
	case []any:
		for _, c := range x {
			if m := findKey(c, key, depth+1); m != nil {
				return m
			}
		}
	}
	return nil
}

// htmlBlock renders an HTML fragment from embedded JSON as posting text.
func htmlBlock(s string) string {
	if s == "" {
		return ""
	}
	return htmlToText(s)
}

var (
	recruiterNameRe = regexp.MustCompile(`(?i)\b(recruit(ment|ing|ers?)|staffing|personnel|headhunt\w*|executive search|talent (solutions|acquisition partners)|resourcing|employment agency|placements?)\b|^(hays|randstad|adecco|michael page|page personnel|robert half|robert walters|manpower(group)?|kelly services|hudson|hays specialist recruitment|spring professional|reed|harvey nash|hydrogen|morgan mckinley|sthree|huxley|computer futures|progressive recruitment|fuzu talent|corporate staffing services|summit recruitment|flexi personnel)\b`)
	ourClientRe     = regexp.MustCompile(`(?i)\b(our client,? (is|a|an|who|based|in|operating|seeks|requires|has)\b|on behalf of (our|a|an) client|unser(em)? (kunde|mandant),? (ist|ein|eine|sucht)\b|notre client,? (un|une|est|recherche)\b|nuestro cliente,? (una?|es|busca|está)\b|onze opdrachtgever,? (is|een|zoekt)\b|il nostro cliente,? (è|una?|cerca)\b|nosso cliente,? (é|uma?|procura)\b|mteja wetu,? (ni|anatafuta)\b)`)
)

// looksLikeRecruiter reports a company name or posting text that says an
// agency posted the ad for an employer it does not name.
func looksLikeRecruiter(company, text string) bool {
	if company == "" {
		return false
	}
	if recruiterNameRe.MatchString(company) {
		return true
	}
	lower := strings.ToLower(truncateUTF8(text, 20000))
	for _, w := range []string{"client", "kunde", "mandant", "opdrachtgever", "mteja"} {
		if strings.Contains(lower, w) {
			return ourClientRe.MatchString(lower)
		}
	}
	return false
}

// applyRecruiter marks p's company as the recruiter that posted the ad
// when its name or the text says so: the agency is kept (it is who the
// person deals with) and named as such.
func applyRecruiter(p *Posting, text string) {
	if looksLikeRecruiter(p.Company, text) {
		p.Recruiter = true
	}
}

// readBoard lets a board adapter read the page. A job board's name is
// no hint of the employer: its og:site_name ("SEEK Australia", "LinkedIn")
// is dropped. The the adapter's text region replaces the page's text when
// it holds the posting.
func (pp *parsedPage) readBoard(raw string, doc *goquery.Document) {
	r := readBoard(pp.url, raw, doc, pp.meta, pp.jsonld, pp.signals.careerSite)
	if r == nil {
		return
	}
	pp.board = r
	if r.jobBoard {
		pp.meta.SiteName = ""
	}
	if len(r.text) >= 200 || (r.text != "" && len(pp.mainText) < len(r.text)) {
		pp.mainText = r.text
	}
}

// ldGraph is the page's JSON-LD as decoded values, with an index of every
// node that has an @id, so references ({"@id": "#org"}) can be followed.
type ldGraph struct {
	roots []any
	byID  map[string]map[string]any
}

// jsonLD decodes every JSON-LD block of the page. Boards that publish a
// cross-referenced @graph (BrighterMonday) need the whole graph, not the
// JobPosting node alone.
func (bp *boardPage) jsonLD() *ldGraph {
	g := &ldGraph{byID: map[string]map[string]any{}}
	if bp.doc == nil {
		return g
	}
	bp.doc.Find(`script[type*="ld+json"]`).Each(func(_ int, s selection) {
		clean := jsonCleaner.Replace(s.Text())
		var v any
		if err := json.Unmarshal([]byte(clean), &v); err != nil {
			if err := json.Unmarshal([]byte(trailingCommaRe.ReplaceAllString(clean, "$1")), &v); err != nil {
				return
			}
		}
		g.roots = append(g.roots, v)
		g.index(v, 0)
	})
	return g
}

func (g *ldGraph) index(v any, depth int) {
	if depth > 16 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["@id"].(string); ok && len(x) > 1 {
			g.byID[id] = x
		}
		for _, c := range x {
			g.index(c, depth+1)
		}
	case []any:
		for _, c := range x {
			g.index(c, depth+1)
		}
	}
}

// node is the first node of type t.
func (g *ldGraph) node(t string) map[string]any {
	var found map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if found != nil || depth > 16 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if hasType(x, t) {
				found = x
				return
			}
			for _, c := range x {
				walk(c, depth+1)
			}
		case []any:
			for _, c := range x {
				walk(c, depth+1)
			}
		}
	}
	for _, r := range g.roots {
		walk(r, 0)
	}
	return found
}

// get follows key from node m, resolving an @id reference.
func (g *ldGraph) get(m map[string]any, key string) any {
	v := m[key]
	if arr, ok := v.([]any); ok && len(arr) > 0 {
		v = arr[0]
	}
	if ref, ok := v.(map[string]any); ok {
		if id, ok := ref["@id"].(string); ok && len(ref) == 1 {
			if n := g.byID[id]; n != nil {
				return n
			}
		}
	}
	return v
}

var confidentialRe = regexp.MustCompile(`(?i)^(confidential|undisclosed|anonymous|a reputable (company|organi[sz]ation|firm)|(a|our) client|private (company|advertiser|employer))\b`)

// isConfidential reports an employer the ad keeps secret.
func isConfidential(company string) bool {
	return confidentialRe.MatchString(strings.TrimSpace(company))
}

// titleAtRe splits "Accountant at Acme Ltd" (and "Accountant job at Acme
// | Fuzu"), the way African boards title their ads.
var titleAtRe = regexp.MustCompile(`^(.+?)\s+(?:job\s+)?at\s+(.+?)(?:\s*[|–-]\s*(?:Fuzu|MyJobMag|Jobs?).*)?$`)

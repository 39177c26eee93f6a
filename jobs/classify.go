package jobs

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"tailor/apperr"
)

// pageKind is what the classifier thinks a page is.
type pageKind string

const (
	kindJob       pageKind = "job"
	kindLoginWall pageKind = "login_wall"
	kindBotCheck  pageKind = "bot_check"
	kindListing   pageKind = "listing"
	kindSearch    pageKind = "search_results"
	kindNotJob    pageKind = "not_job"
)

// Messages for pages Tailor cannot read. Each says what to do next.
const (
	msgLoginWall  = "This page asks you to sign in, so Tailor can't read it: paste the posting's text or upload a screenshot."
	msgBotCheck   = "This site showed a robot check (captcha or \"access denied\") instead of the posting, so Tailor can't read it: paste the posting's text or upload a screenshot."
	msgListing    = "This looks like a list of jobs, not a single posting: open the one you want and paste its link."
	msgSearch     = "This is a page of job search results, not a single posting: open the job you want and paste that job's own link."
	msgNotJob     = "This page doesn't look like a job posting: Tailor found no job title, duties or requirements on it. Paste the link of the job ad itself, or paste the posting's text."
	msgTextNotJob = "This text doesn't look like a job posting: Tailor found no job title, duties or requirements in it. Paste the whole posting, from the job title down to how to apply."
)

var (
	botPhraseRe  = regexp.MustCompile(`(?i)(verify (that )?you are (a )?human|are you a robot|i'?m not a robot|complete the (security )?check|unusual traffic|access denied|access to this page has been denied|checking your browser|checking if the site connection is secure|just a moment\.\.\.|enable javascript and cookies to continue|request (was )?blocked|pardon our interruption|bot detection|security check to access|press (&|and) hold|attention required!? \| cloudflare|incapsula incident|captcha)`)
	wallPhraseRe = regexp.MustCompile(`(?i)(sign in to (continue|view|see|access|read)|log ?in to (continue|view|see|access|read)|join (now )?to (view|see|continue|apply)|sign up to (view|see|continue)|you must (be )?(signed|logged) in|you need to (sign|log) ?in|please (sign|log) ?in( to continue)?|create (an|a free) account to (continue|view|see)|authwall|to view this (job|page),? (please )?(sign|log) ?in|member login|welcome back\W+sign in)`)
)

// loginWallURL reports URLs that are known sign-in or sign-up walls.
func loginWallURL(u *url.URL) bool {
	if u == nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	path := strings.ToLower(u.Path)
	switch {
	case strings.HasSuffix(host, "linkedin.com"):
		return strings.Contains(path, "/authwall") || strings.HasPrefix(path, "/login") || strings.HasPrefix(path, "/signup") ||
			strings.HasPrefix(path, "/checkpoint") || strings.HasPrefix(path, "/uas/login")
	case strings.Contains(host, "indeed."):
		return strings.Contains(path, "/account/login") || strings.HasPrefix(path, "/auth")
	case strings.Contains(host, "glassdoor."):
		return strings.Contains(path, "/profile/login") || strings.Contains(path, "/member/") || strings.Contains(path, "/login")
	}
	return strings.Contains(path, "/login") || strings.Contains(path, "/signin") || strings.Contains(path, "/sign-in")
}

// classifyPage tells a single job posting from pages Tailor must refuse:
// sign-in walls, robot checks, lists of jobs and pages that are not job ads.
func classifyPage(pp *parsedPage, status int) pageKind {
	u, _ := url.Parse(pp.url)
	structured := pp.structuredCount()
	text := pp.mainText
	visible := pp.bodyText
	if len(visible) < len(text) {
		visible = text
	}
	short := len(visible) < 2500
	score := jobScore(text)

	if (pp.signals.captchaMarkup && short) || (short && botPhraseRe.MatchString(visible) && structured == 0) ||
		((status == 401 || status == 403 || status == 429 || status == 503) && structured == 0 && score < 6) {
		return kindBotCheck
	}
	if b := pp.board; b != nil {
		if b.kind != "" {
			return b.kind
		}
		if b.posting.Title != "" {
			return kindJob // the board's own markup holds one posting
		}
	}
	if structured == 0 && loginWallURL(u) {
		return kindLoginWall
	}
	if structured == 0 && (wallPhraseRe.MatchString(visible) || pp.signals.passwordInputs > 0) && (short || score < 5) {
		return kindLoginWall
	}
	if structured >= 2 {
		return listingOrSearch(u)
	}
	if structured == 0 {
		linkShare := 0.0
		if len(text) > 0 {
			linkShare = float64(pp.signals.jobLinkText) / float64(len(text))
		}
		if (pp.signals.jobLinks >= 8 && score < 6) || (pp.signals.jobLinks >= 5 && linkShare > 0.3) {
			return listingOrSearch(u)
		}
		if score < 3 {
			return kindNotJob
		}
	}
	return kindJob
}

// searchQueryKeys are the query parameters of a job search.
var searchQueryKeys = []string{"q", "keywords", "query", "keyword", "what", "search", "kw", "text"}

// listingOrSearch names a page of several jobs: search results when its
// link is a search, else a list of openings.
func listingOrSearch(u *url.URL) pageKind {
	if u == nil {
		return kindListing
	}
	q := u.Query()
	for _, k := range searchQueryKeys {
		if q.Get(k) != "" {
			return kindSearch
		}
	}
	if strings.Contains(strings.ToLower(u.Path), "search") {
		return kindSearch
	}
	return kindListing
}

// maxOpenings bounds the openings a refusal lists.
const maxOpenings = 25

// openings are the jobs a list or search page links to, for the person to
// pick from: the board's own list, else the JSON-LD postings with links,
// else the links that look like single postings.
func (pp *parsedPage) openings() []Opening {
	var out []Opening
	if pp.board != nil {
		out = pp.board.openings
	}
	if len(out) == 0 {
		base, _ := url.Parse(pp.url)
		for _, p := range append(append([]Posting{}, pp.jsonld...), pp.micro...) {
			if p.Title == "" || p.SourceURL == "" {
				continue
			}
			link := p.SourceURL
			if base != nil {
				if r, err := base.Parse(link); err == nil {
					link = r.String()
				}
			}
			out = append(out, Opening{Title: p.Title, URL: link})
		}
	}
	if len(out) == 0 {
		out = pp.signals.openings
	}
	safe := out[:0:0]
	for _, o := range out {
		if strings.HasPrefix(o.URL, "https://") || strings.HasPrefix(o.URL, "http://") {
			safe = append(safe, o)
		}
	}
	out = safe
	if len(out) > maxOpenings {
		out = out[:maxOpenings]
	}
	return out
}

// refusalFor is refusal with the openings of a list or search page.
func (pp *parsedPage) refusalFor(k pageKind) error {
	if k != kindListing && k != kindSearch {
		return refusal(k)
	}
	list := pp.openings()
	msg := msgListing
	if k == kindSearch {
		msg = msgSearch
	}
	if len(list) > 0 {
		msg = fmt.Sprintf("%s Tailor found %s on it.", msg, plural(len(list), "opening"))
	}
	e := apperr.New(apperr.EUNPROCESSABLE, "%s", msg)
	e.Openings = list
	return e
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// openingPrefix starts each opening's line in a stored refusal message.
const openingPrefix = "• "

// FormatOpenings writes a refusal message with its openings, one per line
// ("• Title — URL"), so the message stored with a failed job still holds
// them; SplitOpenings reads them back for the job page and the API. (The
// refusal itself carries them in apperr.Error.Openings.)
func FormatOpenings(msg string, list []Opening) string {
	var b strings.Builder
	b.WriteString(msg)
	for _, o := range list {
		b.WriteString("\n" + openingPrefix + strings.ReplaceAll(o.Title, "\n", " ") + " — " + o.URL)
	}
	return b.String()
}

// SplitOpenings splits a message written by FormatOpenings into its text
// and its openings. A message without openings comes back whole.
func SplitOpenings(msg string) (string, []Opening) {
	lines := strings.Split(msg, "\n")
	var out []Opening
	var text []string
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, openingPrefix); ok {
			if i := strings.LastIndex(rest, " — "); i > 0 {
				u := rest[i+len(" — "):]
				if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
					out = append(out, Opening{Title: rest[:i], URL: u})
					continue
				}
			}
		}
		text = append(text, l)
	}
	return strings.Join(text, "\n"), out
}

// refusal turns a page kind into the error the person sees.
func refusal(k pageKind) error {
	switch k {
	case kindLoginWall:
		return apperr.New(apperr.EUNPROCESSABLE, msgLoginWall)
	case kindBotCheck:
		return apperr.New(apperr.EUNPROCESSABLE, msgBotCheck)
	case kindListing:
		return apperr.New(apperr.EUNPROCESSABLE, msgListing)
	case kindSearch:
		return apperr.New(apperr.EUNPROCESSABLE, msgSearch)
	case kindNotJob:
		return apperr.New(apperr.EUNPROCESSABLE, msgNotJob)
	}
	return nil
}

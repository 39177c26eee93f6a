package jobs

import (
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
	kindNotJob    pageKind = "not_job"
)

// Messages for pages Tailor cannot read. Each says what to do next.
const (
	msgLoginWall  = "This page asks you to sign in, so Tailor can't read it: paste the posting's text or upload a screenshot."
	msgBotCheck   = "This site showed a robot check (captcha or \"access denied\") instead of the posting, so Tailor can't read it: paste the posting's text or upload a screenshot."
	msgListing    = "This looks like a list of jobs: open one posting and paste its link."
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
	if structured == 0 && loginWallURL(u) {
		return kindLoginWall
	}
	if structured == 0 && (wallPhraseRe.MatchString(visible) || pp.signals.passwordInputs > 0) && (short || score < 5) {
		return kindLoginWall
	}
	if structured >= 2 {
		return kindListing
	}
	if structured == 0 {
		linkShare := 0.0
		if len(text) > 0 {
			linkShare = float64(pp.signals.jobLinkText) / float64(len(text))
		}
		if (pp.signals.jobLinks >= 8 && score < 6) || (pp.signals.jobLinks >= 5 && linkShare > 0.3) {
			return kindListing
		}
		if score < 3 {
			return kindNotJob
		}
	}
	return kindJob
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
	case kindNotJob:
		return apperr.New(apperr.EUNPROCESSABLE, msgNotJob)
	}
	return nil
}

package jobs

import (
	"regexp"
	"strings"
	"time"
)

// expiredRe matches what pages say when a posting is closed, in the
// languages Tailor reads: English, German, French, Spanish, Portuguese,
// Dutch, Italian and Swahili.
var expiredRe = regexp.MustCompile(`(?i)(this (job|position|posting|vacancy|job posting|job ad|listing|role) (has )?(expired|closed|been filled|is (now )?closed|is no longer (available|advertised|active|open|accepting applications))|` +
	`no longer accepting applications|not accepting applications|applications (for this (job|role|position) )?(have|has|are) (now )?closed|this job is no longer available|` +
	`the job you are looking for is no longer available|job (has )?expired|posting (has )?expired|auf indeed abgelaufen|` +
	`stellenanzeige (ist )?(leider )?(nicht mehr (verfügbar|aktiv|online)|abgelaufen)|diese stelle ist (leider )?(nicht mehr (verfügbar|aktiv|zu besetzen)|bereits besetzt)|` +
	`bewerbungen werden nicht mehr angenommen|nimmt keine bewerbungen mehr an|die bewerbungsfrist ist abgelaufen|` +
	`cette offre (d'emploi )?(a expiré|n'est plus disponible|est expirée|est pourvue)|n'accepte plus de candidatures|offre expirée|` +
	`esta oferta (de empleo )?(ha (caducado|expirado)|ya no está disponible)|ya no (se )?acepta(n)? (más )?(solicitudes|candidaturas)|oferta (caducada|cerrada|expirada)|` +
	`esta vaga (expirou|foi encerrada|não está mais disponível)|não (está )?aceita(ndo)? mais candidaturas|vaga encerrada|` +
	`deze vacature is (verlopen|niet meer beschikbaar|gesloten|vervuld)|er worden geen sollicitaties meer aangenomen|` +
	`(questo annuncio|questa offerta) (è scadut[oa]|non è più disponibile)|non accetta più candidature|annuncio scaduto|` +
	`nafasi hii (imefungwa|imejazwa)|tangazo hili limeisha muda)`)

// pageSaysExpired reports a closed posting by its own words. Only the top
// of the page counts: a "similar jobs" rail far below may mention other
// postings' states.
func pageSaysExpired(text string) bool {
	top := strings.ToLower(truncateUTF8(text, 6000))
	for _, w := range expiredWords {
		if strings.Contains(top, w) {
			return expiredRe.MatchString(top)
		}
	}
	return false
}

// expiredWords are words every expiredRe phrase holds one of: most pages
// hold none, and a substring test is far cheaper than the expression.
var expiredWords = []string{"expir", "closed", "filled", "no longer", "not accepting", "abgelaufen", "nicht mehr", "besetzt",
	"expiré", "plus disponible", "pourvue", "plus de candidatures", "caduc", "ya no", "cerrada", "expirou", "encerrada",
	"não", "verlopen", "niet meer", "gesloten", "vervuld", "geen sollicitaties", "scadut", "non è più", "non accetta",
	"keine bewerbungen", "imefungwa", "imejazwa", "limeisha"}

// now is the clock expiry is judged by; tests replace it.
var now = time.Now

// deadlinePast reports an application deadline (ISO date) before today.
func deadlinePast(deadline string) bool {
	if len(deadline) < 10 {
		return false
	}
	d, err := time.Parse("2006-01-02", deadline[:10])
	if err != nil {
		return false
	}
	today := now().UTC().Truncate(24 * time.Hour)
	return d.Before(today)
}

// finishPosting applies what the page as a whole says to the extracted
// posting: whether it is closed, and that a board's or a recruiter's own
// name is not the employer.
func (pp *parsedPage) finishPosting(p *Posting) {
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	p.Expired = deadlinePast(p.Deadline) || (pp.board != nil && pp.board.expired) ||
		pageSaysExpired(pp.bodyText) || pageSaysExpired(pp.mainText)
	boardName := ""
	if pp.board != nil {
		boardName = pp.board.board
	}
	if !p.Salary.Empty() {
		settleSalary(&p.Salary, pp.url)
	}
	fromBoard := strings.HasPrefix(p.Sources["company"], "board:")
	if !fromBoard && (isBoardName(p.Company, boardName) || (pp.board != nil && pp.board.companyWithheld)) {
		p.Company = ""
		delete(p.Sources, "company")
		// "Software Engineer at Spire | Space Crew": a niche board's page
		// title often names the employer its site name hid.
		if pp.board == nil || !pp.board.companyWithheld {
			for _, t := range []string{pp.meta.OGTitle, pp.meta.Title} {
				if m := titleAtRe.FindStringSubmatch(stripSiteSuffix(t, pp.meta.SiteName)); m != nil && !isBoardName(m[2], boardName) &&
					len(strings.Fields(m[2])) <= 6 && strings.EqualFold(strings.TrimSpace(m[1]), strings.TrimSpace(p.Title)) {
					p.Company = strings.TrimSpace(m[2])
					p.Sources["company"] = SourcePage
					break
				}
			}
		}
	}
	if p.Company != "" && !p.Recruiter && looksLikeRecruiter(p.Company, pp.mainText) {
		p.Recruiter = true
	}
}

package documents

import (
	"fmt"
	"time"

	"tailor/drafting"
	"tailor/profile"
)

// The fixtures are hand-written for these tests (no real person): a name
// and employers with the Latin letters a CV must keep (ë ü Ł é ñ ß ö ş),
// curly quotes and en dashes.

var testNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func zoeBasics() profile.Basics {
	return profile.Basics{Name: "Zoë Müller-Łukasz", Label: "Café operations lead", Email: "zoe@example.org",
		Phone: "+49 30 1234567", URL: "https://zoe.example.org",
		Location: profile.Location{Address: "Straße des 17. Juni 135", PostalCode: "10623", City: "Berlin", CountryCode: "DE"}}
}

// zoeCV is a CV with four roles; bullets sets how many achievements each
// role has (4 fills about two A4 pages in the classic template).
func zoeCV(bullets int) drafting.CV {
	roles := []drafting.CVRole{
		{Company: "Café Señor GmbH", Title: "Head of Café Operations", Location: "Berlin", StartDate: "2021-03"},
		{Company: "Bäckerei Größer & Söhne", Title: "Shift Manager", Location: "München", StartDate: "2018-01", EndDate: "2021-02"},
		{Company: "Kraków Coffee Sp. z o.o.", Title: "Barista Trainer", Location: "Kraków", StartDate: "2015-06", EndDate: "2017-12"},
		{Company: "İstanbul Kahve Evi", Title: "Barista", Location: "Beşiktaş, İstanbul", StartDate: "2013-09", EndDate: "2015-05"},
	}
	phrases := []string{
		"Cut the morning queue from 11 to 4 minutes by splitting the bar into “order” and “pour” stations",
		"Trained 14 baristas on the new espresso recipe – tasting scores rose from 3.1 to 4.4 out of 5",
		"Renegotiated the milk contract with two dairies and saved €18,000 a year without changing suppliers’ quality",
		"Introduced a stock sheet in Google Sheets that brought waste down 23% in the first quarter",
		"Ran the opening of a second site in Kreuzberg: hiring, fit-out schedule and the first month’s rota",
		"Wrote the allergen guide the whole team uses; zero incidents since it was introduced",
	}
	for i := range roles {
		for j := 0; j < bullets; j++ {
			roles[i].Highlights = append(roles[i].Highlights, fmt.Sprintf("%s (%d.%d)", phrases[(i+j)%len(phrases)], i+1, j+1))
		}
	}
	b := zoeBasics()
	return drafting.CV{
		Name: b.Name, Headline: "Café operations lead – specialty coffee",
		Contact: drafting.Contact{Email: b.Email, Phone: b.Phone, Location: "Berlin, DE", URL: b.URL},
		Summary: "Operations lead with twelve years in specialty coffee across Germany, Poland and Türkiye. " +
			"Known for calm service at peak hours, careful training and numbers that add up.",
		Experience: roles,
		Education: []drafting.CVEducation{
			{Institution: "Hochschule für Wirtschaft und Recht Berlin", StudyType: "B.A.", Area: "Business Administration", StartDate: "2009", EndDate: "2013"},
		},
		Skills:   []string{"Staff training", "Rota planning", "Stock control", "Espresso calibration", "Polish", "Türkçe", "Deutsch"},
		Projects: []drafting.CVProject{{Name: "Niño’s Cold Brew", Description: "A cold-brew recipe sold in six cafés.", Highlights: []string{"1,200 bottles a month at peak"}}},
		JobTitle: "Café Manager", Company: "Café Señor GmbH",
	}
}

func zoeLetter() drafting.Letter {
	return drafting.Letter{
		Subject:  "Application for Café Manager – Café Señor GmbH",
		Greeting: "Dear Ms Ñúñez,",
		Paragraphs: []string{
			"I am applying for the Café Manager role at Café Señor GmbH. For twelve years I have run bars where the queue never stops, and the “calm at peak” you describe is how I work.",
			"At Bäckerei Größer & Söhne I cut the morning queue from 11 to 4 minutes and trained 14 baristas – tasting scores rose from 3.1 to 4.4. In Kraków I wrote the allergen guide the team still uses.",
			"I would be glad to show you how I plan a rota and a stock sheet. Thank you for reading; I look forward to hearing from you.",
		},
		Closing: "Kind regards,", Signature: "Zoë Müller-Łukasz", Tone: drafting.ToneProfessional,
	}
}

func zoeLetterInput(p Paper) LetterInput {
	return LetterInput{Letter: zoeLetter(), Sender: SenderFrom(zoeBasics()),
		Recipient: Recipient{Company: "Café Señor GmbH", Location: "Hamburg"}, Date: testNow, Paper: p}
}

package jobs

import (
	"strings"
	"testing"
)

// A page without a main region or structured data: the posting sits in
// an unmarked div among menus built from plain divs, which the body text
// would carry along.
func TestMainTextFallsBackToReadability(t *testing.T) {
	var menu strings.Builder
	for i := 0; i < 200; i++ {
		menu.WriteString(`<div class="m"><a href="/c">Category link</a></div>`)
	}
	page := `<html><head><title>Jobs</title></head><body><div class="menu">` + menu.String() + `</div>
<div class="crumbs">Home › Jobs › Engineering</div>
<div class="x9f"><div class="k2">
<h2>Field Service Technician</h2>
<p>Sunrise Solar installs and maintains rooftop solar systems across Kisumu and western Kenya. We are looking for a field service technician to keep our customers' systems running and to help new installations go smoothly.</p>
<h3>Responsibilities</h3>
<ul><li>Diagnose and repair inverters, batteries and panels at customer sites</li>
<li>Carry out scheduled maintenance visits and write clear visit reports</li>
<li>Train customers on safe use of their systems</li></ul>
<h3>Requirements</h3>
<ul><li>Diploma in electrical engineering or a related field</li>
<li>Two years of hands-on experience with solar or electrical installations</li>
<li>A valid driving licence and willingness to travel</li></ul>
<p>The role is full-time and based in Kisumu, with travel across the region most weeks. We offer a company motorbike, health cover and paid training.</p>
</div></div>
<footer>` + strings.Repeat(`<a href="/l">Legal</a> `, 40) + `</footer></body></html>`
	pp, err := parsePage("https://sunrise.example/jobs/7", page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Field Service Technician", "Diagnose and repair inverters", "- A valid driving licence"} {
		if !strings.Contains(pp.mainText, want) {
			t.Errorf("main text lacks %q:\n%s", want, pp.mainText)
		}
	}
	if strings.Contains(pp.mainText, "Category link") {
		t.Errorf("main text kept the navigation:\n%s", pp.mainText)
	}
}

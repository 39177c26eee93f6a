package jobs

import "testing"

func TestStripHeavy(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>a</p><svg viewBox="0 0 1 1"><path d="M0"/></svg><p>b</p>`, `<p>a</p><p>b</p>`},
		{`<STYLE>p{}</STYLE><p>x</p>`, `<p>x</p>`},
		{`<script>var a = "</div>";</script><p>x</p>`, `<p>x</p>`},
		{`<script type="application/ld+json">{"@type":"JobPosting"}</script>`, `<script type="application/ld+json">{"@type":"JobPosting"}</script>`},
		{`<!-- note --><p>x</p>`, `<p>x</p>`},
		{`<svgicon>kept</svgicon>`, `<svgicon>kept</svgicon>`},
		{`<p>open <svg><path/>`, `<p>open <svg><path/>`},
		{`<scripts>kept</scripts>`, `<scripts>kept</scripts>`},
		{`<script type="application/ld+json"><!--{"a":1}--></script><!-- x -->`, `<script type="application/ld+json"><!--{"a":1}--></script>`},
		{``, ``},
	}
	for _, tt := range tests {
		if got := stripHeavy(tt.in); got != tt.want {
			t.Errorf("stripHeavy(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package jobs

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var headingMarkRe = regexp.MustCompile(`(?m)^#{1,6} `)

// itemSyntax describes one way of marking up items in HTML: microdata
// (itemscope/itemtype/itemprop) or RDFa (typeof/property).
type itemSyntax struct {
	isScope func(*html.Node) bool
	typeOf  func(*html.Node) string
	props   func(*html.Node) []string
}

var microdataSyntax = itemSyntax{
	isScope: func(n *html.Node) bool { _, ok := attr(n, "itemscope"); return ok },
	typeOf:  func(n *html.Node) string { v, _ := attr(n, "itemtype"); return v },
	props:   func(n *html.Node) []string { v, _ := attr(n, "itemprop"); return strings.Fields(v) },
}

var rdfaSyntax = itemSyntax{
	isScope: func(n *html.Node) bool { _, ok := attr(n, "typeof"); return ok },
	typeOf:  func(n *html.Node) string { v, _ := attr(n, "typeof"); return v },
	props: func(n *html.Node) []string {
		v, _ := attr(n, "property")
		var out []string
		for _, f := range strings.Fields(v) {
			if i := strings.LastIndexAny(f, ":/#"); i >= 0 {
				f = f[i+1:]
			}
			out = append(out, f)
		}
		return out
	},
}

// readItem collects the properties of the item rooted at scope: every
// descendant carrying a property whose nearest enclosing item is scope.
func readItem(scope *html.Node, s itemSyntax, depth int) map[string]any {
	m := map[string]any{"@type": s.typeOf(scope)}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			props := s.props(c)
			nested := s.isScope(c)
			if len(props) > 0 {
				var v any
				if nested && depth < 8 {
					v = readItem(c, s, depth+1)
				} else {
					v = itemValue(c)
				}
				for _, p := range props {
					addProp(m, p, v)
				}
			}
			if !nested {
				walk(c)
			}
		}
	}
	walk(scope)
	return m
}

func addProp(m map[string]any, k string, v any) {
	if str, ok := v.(string); ok && str == "" {
		return
	}
	switch old := m[k].(type) {
	case nil:
		m[k] = v
	case []any:
		m[k] = append(old, v)
	default:
		m[k] = []any{old, v}
	}
}

// itemValue is a property's value by the microdata rules: content, then the
// URL or datetime attribute of the element kind, then its text.
func itemValue(n *html.Node) string {
	if v, ok := attr(n, "content"); ok {
		return cleanInline(v)
	}
	switch n.DataAtom {
	case atom.A, atom.Link, atom.Area:
		if v, ok := attr(n, "href"); ok {
			return v
		}
	case atom.Img, atom.Audio, atom.Video, atom.Source, atom.Embed, atom.Iframe:
		if v, ok := attr(n, "src"); ok {
			return v
		}
	case atom.Time:
		if v, ok := attr(n, "datetime"); ok {
			return v
		}
	case atom.Data, atom.Meter:
		if v, ok := attr(n, "value"); ok {
			return v
		}
	}
	// Keep list structure so responsibilities stay separate items, but not
	// the heading marks blockText adds.
	return headingMarkRe.ReplaceAllString(blockText(n, false), "")
}

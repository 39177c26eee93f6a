package jobs

import "strings"

// stripHeavy cuts what no extraction step reads out of a page before it
// is parsed: inline SVG, style sheets, comments, and scripts other than
// JSON-LD. Big sites carry hundreds of kilobytes of these, and the HTML
// parser's time grows with every token, so this keeps a 1 MB page fast.
func stripHeavy(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		end := -1
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			if k := strings.Index(s[i+4:], "-->"); k >= 0 {
				end = i + 4 + k + 3
			}
		case tagAt(s, i, "svg"), tagAt(s, i, "style"):
			name := "svg"
			if tagAt(s, i, "style") {
				name = "style"
			}
			end = closeOf(s, i, name)
		case tagAt(s, i, "script"):
			gt := strings.IndexByte(s[i:], '>')
			if gt < 0 {
				break
			}
			close := closeOf(s, i, "script")
			if strings.Contains(strings.ToLower(s[i:i+gt]), "ld+json") {
				// Kept whole: its text is data, even where it looks like markup.
				if close > 0 {
					i = close
					continue
				}
				break
			}
			end = close
		}
		if end < 0 {
			i++
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s) / 2)
		}
		b.WriteString(s[last:i])
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// tagAt reports whether an opening tag named name starts at s[i].
func tagAt(s string, i int, name string) bool {
	n := i + 1 + len(name)
	if n >= len(s) || !strings.EqualFold(s[i+1:n], name) {
		return false
	}
	switch s[n] {
	case ' ', '>', '\t', '\n', '\r', '/':
		return true
	}
	return false
}

// closeOf returns the index just past the closing tag of the element that
// opens at s[i], or -1 when it is not closed (the page is left as it is).
func closeOf(s string, i int, name string) int {
	for k := i + 1; k < len(s); {
		j := strings.Index(s[k:], "</")
		if j < 0 {
			return -1
		}
		k += j
		if n := k + 2 + len(name); n <= len(s) && strings.EqualFold(s[k+2:n], name) {
			if gt := strings.IndexByte(s[n:], '>'); gt >= 0 {
				return n + gt + 1
			}
			return -1
		}
		k += 2
	}
	return -1
}

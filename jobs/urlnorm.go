package jobs

import (
	"net/url"
	"sort"
	"strings"

	"tailor/apperr"
)

// trackingParams are query parameters that say how a person reached a page,
// not which page it is. NormalizeURL drops them so that the same posting
// shared from a newsletter, an ad and a LinkedIn feed dedupes to one job.
// Keys are compared in lower case.
var trackingParams = map[string]bool{
	"gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"fbclid": true, "msclkid": true, "yclid": true, "twclid": true, "ttclid": true,
	"mc_cid": true, "mc_eid": true,
	"_hsenc": true, "_hsmi": true, "__hssc": true, "__hstc": true, "__hsfp": true,
	"igshid": true, "si": true,
	"ref": true, "refid": true, "trackingid": true, "trk": true, "trkinfo": true,
	"li_fat_id": true, "lipi": true,
	"gh_src": true,
}

// linkedInTrackingParams are dropped only on LinkedIn hosts: elsewhere the
// same names (position, pageNum) may well pick the page.
var linkedInTrackingParams = map[string]bool{
	"midtoken": true, "midsig": true, "ebp": true, "recommendedflavor": true,
	"originalsubdomain": true, "alternatechannel": true, "lgcta": true,
	"lgtemp": true, "position": true, "pagenum": true, "eid": true,
}

// msgBadURL is the one message a person sees for a link NormalizeURL cannot use.
const msgBadURL = "That doesn't look like a web link. Paste a link that starts with http:// or https://, or paste the posting's text instead."

// NormalizeURL returns the canonical form of a job posting link, used to
// recognise the same posting pasted twice. It lower-cases the scheme and the
// host, drops the default port, the fragment, the trailing slash of a
// non-root path and tracking parameters (utm_*, gclid, fbclid, LinkedIn's
// trk, ...), and sorts the remaining query parameters. It accepts only
// http and https links with a host; anything else is an EINVALID error.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", apperr.Wrap(err, apperr.EINVALID, msgBadURL)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", apperr.New(apperr.EINVALID, msgBadURL)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimRight(host, ".")
	if host == "" || u.Opaque != "" {
		return "", apperr.New(apperr.EINVALID, msgBadURL)
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal keeps its brackets
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}

	// User info is dropped: no posting needs it and it must not be stored.
	out := &url.URL{Scheme: scheme, Host: host}
	ep := strings.TrimRight(u.EscapedPath(), "/")
	if ep == "" {
		ep = "/"
	}
	p, err := url.PathUnescape(ep)
	if err != nil {
		return "", apperr.Wrap(err, apperr.EINVALID, msgBadURL)
	}
	out.Path, out.RawPath = p, ep
	out.RawQuery = normalizeQuery(u.RawQuery, isLinkedIn(host))

	return out.String(), nil
}

// normalizeQuery drops tracking parameters, re-encodes the rest the same
// way every time and sorts them, so equal queries compare equal as strings.
// A stray '%' that starts no escape is read as a literal '%', as browsers do.
func normalizeQuery(raw string, linkedIn bool) string {
	type param struct{ key, enc string }
	var kept []param
	for _, piece := range strings.Split(raw, "&") {
		if piece == "" {
			continue
		}
		rawKey, rawValue, hasValue := strings.Cut(piece, "=")
		key := unescapeQuery(rawKey)
		if isTracking(key, linkedIn) {
			continue
		}
		enc := url.QueryEscape(key)
		if hasValue {
			enc += "=" + url.QueryEscape(unescapeQuery(rawValue))
		}
		kept = append(kept, param{key: key, enc: enc})
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].key != kept[j].key {
			return kept[i].key < kept[j].key
		}
		return kept[i].enc < kept[j].enc
	})
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.enc
	}
	return strings.Join(parts, "&")
}

// unescapeQuery decodes one query key or value, reading a '%' that is not
// followed by two hex digits as itself.
func unescapeQuery(s string) string {
	if v, err := url.QueryUnescape(s); err == nil {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	v, err := url.QueryUnescape(b.String())
	if err != nil { // cannot happen: every '%' now starts an escape
		return s
	}
	return v
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func isTracking(key string, linkedIn bool) bool {
	k := strings.ToLower(key)
	if strings.HasPrefix(k, "utm_") || trackingParams[k] {
		return true
	}
	return linkedIn && linkedInTrackingParams[k]
}

func isLinkedIn(host string) bool {
	h, _, _ := strings.Cut(host, ":")
	return h == "linkedin.com" || strings.HasSuffix(h, ".linkedin.com")
}

package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"code.dny.dev/ssrf"
	"golang.org/x/net/html/charset"

	"tailor/apperr"
)

// Defaults for FetchOptions fields left at their zero value.
const (
	DefaultFetchTimeout  = 10 * time.Second
	DefaultFetchMaxBytes = 3 << 20
	DefaultMaxRedirects  = 5
	// DefaultUserAgent is a current desktop Chrome: many job boards answer
	// a Go client or a bot name with a 403 or a consent page.
	DefaultUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
)

// DefaultFetchPorts are the ports a link may use while the private-network
// guard is on. Other ports on public hosts are mostly admin consoles and
// databases, not job boards.
var DefaultFetchPorts = []uint16{80, 443, 8080, 8443}

// Messages a person sees; each says what happened and what to do next.
const (
	msgScheme       = "Only http and https links work. Paste the posting's text instead."
	msgNumericHost  = "This link writes its address as a bare number in an unusual form, which Tailor does not fetch. Paste the posting's text instead."
	msgNoHost       = "That link has no site name in it. Check the link, or paste the posting's text instead."
	msgPrivate      = "This link points to a private or local network address, which Tailor does not fetch. Paste the posting's text instead."
	msgPort         = "This link uses port %d; Tailor only fetches links on the usual web ports (%s). Paste the posting's text instead."
	msgTooLarge     = "This page is larger than %s, more than Tailor reads. Paste the posting's text instead."
	msgNotWebPage   = "This link is %s, not a web page. Paste the posting's text or upload a screenshot of it."
	msgNotFound     = "The page was not found (the site answered %d). Check the link, or paste the posting's text instead."
	msgRefused      = "This site refused to show the page to Tailor (it may need a login or block robots). Paste the posting's text or upload a screenshot of it."
	msgStatus       = "The site answered with an error (status %d). Check the link, or paste the posting's text instead."
	msgTimeout      = "The site took longer than %s to answer. Try again later, or paste the posting's text instead."
	msgRedirects    = "The link redirected more than %d times. Open it in your browser and paste the final address, or paste the posting's text instead."
	msgNoSuchHost   = "Tailor could not find the site %q. Check the link for typos, or paste the posting's text instead."
	msgUnreachable  = "Tailor could not reach %q. Check the link, or paste the posting's text instead."
	msgRedirectBad  = "The link redirected to something that is not a web page. Paste the posting's text instead."
	msgUnreadable   = "Tailor could not read the page the site sent. Try again later, or paste the posting's text instead."
	msgNotRedirects = "The site answered with a redirect Tailor could not follow (status %d). Open the link in your browser and paste the final address, or the posting's text."
)

// FetchOptions configures a Fetcher. Zero values take the defaults above.
type FetchOptions struct {
	// AllowPrivate turns off the private-network guard, for tests and for
	// intranet job boards (FETCH_ALLOW_PRIVATE_NETWORKS=true). Without it
	// a link that resolves to a loopback, private, link-local or metadata
	// address is refused, on every redirect as well.
	AllowPrivate bool
	// Timeout bounds the whole fetch: DNS, redirects and the body.
	Timeout time.Duration
	// MaxBytes caps the decoded body; a bigger page is an ETOOLARGE error.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// UserAgent is sent on every request.
	UserAgent string
	// Ports are the ports a link may use while the guard is on; default
	// DefaultFetchPorts. Ignored when AllowPrivate is true.
	Ports []uint16
	// AcceptLanguage is sent on every request; default "en-US,en;q=0.9".
	AcceptLanguage string
	// Logger receives refused fetches; default slog.Default().
	Logger *slog.Logger
}

// Fetcher downloads job posting pages for a person's link without letting
// that link reach Tailor's own network. It is safe for concurrent use and
// keeps connections alive between fetches, so make one and share it.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client
	guard  *ssrf.Guardian // nil when AllowPrivate
	log    *slog.Logger
	// allowAddr, when set, lets exactly the addresses it accepts through
	// the guard: tests use it to reach one httptest server on loopback
	// while every other private address stays refused.
	allowAddr func(netip.AddrPort) bool
}

// NewFetcher returns a Fetcher with o's settings, defaults filled in.
func NewFetcher(o FetchOptions) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = DefaultFetchTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultFetchMaxBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.AcceptLanguage == "" {
		o.AcceptLanguage = "en-US,en;q=0.9"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if len(o.Ports) == 0 {
		o.Ports = DefaultFetchPorts
	}
	f := &Fetcher{opts: o, log: o.Logger}

	dialer := &net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		f.guard = ssrf.New(ssrf.WithPorts(o.Ports...))
		// Control runs after DNS resolution, on the address actually
		// dialled, so a name that resolves to 127.0.0.1 (or rebinds to
		// it) is refused just like the literal address.
		dialer.Control = f.control
	}
	transport := &http.Transport{
		// No proxy: a proxy would dial the target for us, past the guard.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   o.Timeout,
		ResponseHeaderTimeout: o.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	f.client = &http.Client{
		Transport:     transport,
		CheckRedirect: f.checkRedirect,
	}
	return f
}

// Fetch downloads rawURL and returns the page decoded to UTF-8. Every
// failure a person can act on is an *apperr.Error whose message says what
// to do instead (mostly: paste the posting's text); the upstream error is
// kept as its cause, never shown.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, apperr.Wrap(err, apperr.EINVALID, msgBadURL)
	}
	if err := f.checkURL(u); err != nil {
		return nil, err
	}

	fctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.EINVALID, msgBadURL)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	req.Header.Set("Accept-Language", f.opts.AcceptLanguage)
	req.Header.Set("Upgrade-Insecure-Requests", "1")
	// Accept-Encoding is left to the transport, which then asks for gzip
	// and inflates it; setting it here would turn that off.

	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.transportError(ctx, fctx, u, err)
	}
	defer resp.Body.Close()

	if err := statusError(resp.StatusCode); err != nil {
		return nil, err
	}
	mediaType := mediaTypeOf(resp.Header.Get("Content-Type"))
	if mediaType != "" && !acceptedType(mediaType) {
		return nil, apperr.New(apperr.EUNPROCESSABLE, msgNotWebPage, describeType(mediaType))
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return nil, apperr.New(apperr.ETOOLARGE, msgTooLarge, humanBytes(f.opts.MaxBytes))
	}

	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return nil, f.transportError(ctx, fctx, u, err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return nil, apperr.New(apperr.ETOOLARGE, msgTooLarge, humanBytes(f.opts.MaxBytes))
	}
	if mediaType == "" {
		mediaType = mediaTypeOf(http.DetectContentType(body))
		if !acceptedType(mediaType) {
			return nil, apperr.New(apperr.EUNPROCESSABLE, msgNotWebPage, describeType(mediaType))
		}
	}

	return &Page{
		URL:         resp.Request.URL.String(),
		StatusCode:  resp.StatusCode,
		ContentType: mediaType,
		HTML:        decodeBody(body, resp.Header.Get("Content-Type")),
	}, nil
}

// checkURL refuses what can be refused before any network traffic: other
// schemes, a missing host, and literal addresses the guard would refuse.
func (f *Fetcher) checkURL(u *url.URL) error {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return apperr.New(apperr.EINVALID, msgScheme)
	}
	host := u.Hostname()
	if host == "" {
		return apperr.New(apperr.EINVALID, msgNoHost)
	}
	if f.guard == nil {
		return nil
	}
	port := uint16(80)
	if scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return apperr.Wrap(err, apperr.EINVALID, msgBadURL)
		}
		port = uint16(n)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil && numericHost(host) {
		return apperr.New(apperr.EINVALID, msgNumericHost)
	}
	if err != nil {
		// A name: the dialer checks the addresses it resolves to. Ports
		// are checked here too, with a clearer message than a dial error.
		if !f.portAllowed(port) {
			return apperr.New(apperr.EINVALID, msgPort, port, f.portList())
		}
		return nil
	}
	ap := netip.AddrPortFrom(ip, port)
	if f.allowAddr != nil && f.allowAddr(ap) {
		return nil
	}
	// Judge the address before the port: "a private address" is the
	// message that tells a person what is wrong with http://10.0.0.1:9/.
	if len(f.opts.Ports) > 0 {
		if err := f.guard.SafeAddrPort(netip.AddrPortFrom(ip, f.opts.Ports[0])); err != nil {
			return f.refused(u.Host, err)
		}
	}
	if err := f.addrAllowed(ap); err != nil {
		return f.refused(u.Host, err)
	}
	return nil
}

// numericHost reports whether host is an IPv4 address in a legacy form
// (2130706433, 0x7f.1, 127.1) that netip rejects but some resolvers and
// browsers accept. No real name ends in an all-numeric label, so such a
// host is refused outright instead of being handed to a resolver.
func numericHost(host string) bool {
	host = strings.TrimRight(host, ".")
	last := host[strings.LastIndexByte(host, '.')+1:]
	if len(last) > 2 && (last[:2] == "0x" || last[:2] == "0X") {
		last = last[2:]
		return strings.Trim(last, "0123456789abcdefABCDEF") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

func (f *Fetcher) portAllowed(port uint16) bool {
	return slices.Contains(f.opts.Ports, port)
}

func (f *Fetcher) portList() string {
	parts := make([]string, len(f.opts.Ports))
	for i, p := range f.opts.Ports {
		parts[i] = strconv.Itoa(int(p))
	}
	return strings.Join(parts, ", ")
}

// control is the dialer's Control hook: it sees the resolved address.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	if f.allowAddr != nil {
		if ap, err := netip.ParseAddrPort(address); err == nil && f.allowAddr(ap) {
			return nil
		}
	}
	return f.guard.Safe(network, address, nil)
}

func (f *Fetcher) addrAllowed(ap netip.AddrPort) error {
	if f.allowAddr != nil && f.allowAddr(ap) {
		return nil
	}
	return f.guard.SafeAddrPort(ap)
}

// refused turns a guard error into the message a person sees, and logs it:
// a refused address is worth knowing about.
func (f *Fetcher) refused(host string, err error) error {
	f.log.Warn("fetch refused", slog.String("host", host), slog.String("reason", err.Error()))
	if errors.Is(err, ssrf.ErrProhibitedPort) {
		port := 0
		if _, p, splitErr := net.SplitHostPort(host); splitErr == nil {
			port, _ = strconv.Atoi(p)
		}
		return apperr.Wrap(err, apperr.EINVALID, msgPort, port, f.portList())
	}
	return apperr.Wrap(err, apperr.EINVALID, msgPrivate)
}

// checkRedirect caps the redirects and refuses a redirect to another
// scheme or to a literal private address before it is dialled.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return apperr.New(apperr.EUNPROCESSABLE, msgRedirects, f.opts.MaxRedirects)
	}
	if err := f.checkURL(req.URL); err != nil {
		if apperr.Message(err) == msgScheme || apperr.Message(err) == msgNoHost {
			return apperr.Wrap(err, apperr.EUNPROCESSABLE, msgRedirectBad)
		}
		return err
	}
	return nil
}

// transportError maps a failed request or body read to a person's message.
func (f *Fetcher) transportError(parent, fctx context.Context, u *url.URL, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) { // from checkRedirect
		return ae
	}
	if errors.Is(err, ssrf.ErrProhibitedIP) || errors.Is(err, ssrf.ErrProhibitedPort) ||
		errors.Is(err, ssrf.ErrProhibitedNetwork) || errors.Is(err, ssrf.ErrInvalidHostPort) {
		return f.refused(u.Host, err)
	}
	if parent.Err() != nil {
		// The person went away or the caller gave up: not the site's fault.
		return fmt.Errorf("fetch %s: %w", u.Host, parent.Err())
	}
	var ne net.Error
	if errors.Is(fctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return apperr.Wrap(err, apperr.EUNPROCESSABLE, msgTimeout, f.opts.Timeout)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && (dnsErr.IsNotFound || !dnsErr.IsTemporary) {
		return apperr.Wrap(err, apperr.EUNPROCESSABLE, msgNoSuchHost, u.Hostname())
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &dnsErr) {
		return apperr.Wrap(err, apperr.EUNPROCESSABLE, msgUnreachable, u.Hostname())
	}
	return apperr.Wrap(err, apperr.EUNPROCESSABLE, msgUnreadable)
}

// statusError maps an HTTP status that carries no posting to a message.
func statusError(code int) error {
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusNotFound || code == http.StatusGone:
		return apperr.New(apperr.EUNPROCESSABLE, msgNotFound, code)
	case code == http.StatusUnauthorized || code == http.StatusForbidden ||
		code == http.StatusTooManyRequests || code == 451 || code >= 500:
		return apperr.New(apperr.EUNPROCESSABLE, msgRefused)
	case code >= 300 && code < 400:
		return apperr.New(apperr.EUNPROCESSABLE, msgNotRedirects, code)
	}
	return apperr.New(apperr.EUNPROCESSABLE, msgStatus, code)
}

func mediaTypeOf(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed header still usually starts with the type.
		mt, _, _ = strings.Cut(contentType, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

func acceptedType(mediaType string) bool {
	switch mediaType {
	case "text/html", "application/xhtml+xml", "text/plain":
		return true
	}
	return false
}

// describeType names a media type the way a person would, after "is".
func describeType(mediaType string) string {
	major, _, _ := strings.Cut(mediaType, "/")
	switch {
	case mediaType == "application/pdf":
		return "a PDF file"
	case major == "image":
		return "an image"
	case major == "video":
		return "a video"
	case major == "audio":
		return "an audio file"
	case mediaType == "application/json":
		return "JSON data"
	case mediaType == "application/msword" || strings.Contains(mediaType, "officedocument") ||
		strings.Contains(mediaType, "opendocument"):
		return "an office document"
	case mediaType == "":
		return "a file of unknown type"
	}
	return "a file of type " + mediaType
}

// decodeBody returns body as UTF-8. The charset comes from a byte order
// mark or the Content-Type header when there is one; otherwise a body that
// is valid UTF-8 throughout is UTF-8 (the charset package looks only at the
// first 1024 bytes, which on many pages are plain ASCII), and the rest
// follows <meta charset>, falling back to Windows-1252 as browsers do.
func decodeBody(body []byte, contentType string) string {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain && utf8.Valid(body) {
		return string(body)
	}
	out := body
	if name != "utf-8" {
		decoded, err := enc.NewDecoder().Bytes(body)
		if err == nil {
			out = decoded
		}
	}
	return strings.ToValidUTF8(string(bytes.TrimPrefix(out, []byte("\uFEFF"))), "\uFFFD")
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

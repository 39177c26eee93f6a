package jobs

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"tailor/apperr"
)

// quietLogger keeps the guard's warnings out of test output.
var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// countingServer is a loopback test server that counts the requests it got,
// so a test can prove a refused fetch never reached it.
type countingServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newCountingServer(t *testing.T, h http.HandlerFunc) *countingServer {
	t.Helper()
	s := &countingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) port() string {
	return strconv.Itoa(s.Listener.Addr().(*net.TCPAddr).Port)
}

func (s *countingServer) addrPort(t *testing.T) netip.AddrPort {
	t.Helper()
	ap, err := netip.ParseAddrPort(s.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

func htmlHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
}

// wantAppErr fails unless err is an *apperr.Error with code whose message
// contains msg, and whose cause (if wantCause) is kept out of the message.
func wantAppErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v (%T), want *apperr.Error %s", err, err, code)
	}
	if ae.Code != code {
		t.Errorf("code = %q, want %q (message %q)", ae.Code, code, ae.Message)
	}
	if !strings.Contains(ae.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", ae.Message, msg)
	}
	if ae.Err != nil && strings.Contains(ae.Message, ae.Err.Error()) {
		t.Errorf("message %q shows the upstream error %q", ae.Message, ae.Err)
	}
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	forbidden := newCountingServer(t, htmlHandler("<p>internal admin page</p>"))
	p := forbidden.port()

	// A server on [::1] too, where the machine has IPv6 loopback.
	v6URL := "http://[::1]:" + p + "/"
	var v6 *countingServer
	if ln, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		v6 = &countingServer{}
		v6.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v6.hits.Add(1)
			htmlHandler("<p>v6 internal</p>")(w, r)
		})}}
		v6.Start()
		t.Cleanup(v6.Close)
		v6URL = v6.URL + "/"
	}

	tests := []struct {
		name    string
		url     string
		wantMsg string
	}{
		{"loopback literal", forbidden.URL + "/", msgPrivate},
		{"name that resolves to loopback", "http://localhost:" + p + "/job", msgPrivate},
		{"upper-case name that resolves to loopback", "http://LOCALHOST:" + p + "/job", msgPrivate},
		{"private 10/8", "http://10.0.0.1/job", msgPrivate},
		{"private 192.168/16", "http://192.168.1.1:8080/job", msgPrivate},
		{"private 172.16/12", "https://172.16.0.5/job", msgPrivate},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", msgPrivate},
		{"unspecified v4", "http://0.0.0.0:" + p + "/", msgPrivate},
		{"ipv6 loopback", v6URL, msgPrivate},
		{"ipv6 unspecified", "http://[::]:" + p + "/", msgPrivate},
		{"ipv4-mapped ipv6 loopback", "http://[::ffff:127.0.0.1]:" + p + "/", msgPrivate},
		{"ipv6 unique local", "http://[fc00::1]/job", msgPrivate},
		{"ipv6 link-local", "http://[fe80::1]/job", msgPrivate},
		{"ipv6 link-local with zone", "http://[fe80::1%25lo]/job", msgPrivate},
		{"decimal loopback", "http://2130706433:" + p + "/", msgNumericHost},
		{"hex loopback", "http://0x7f.1:" + p + "/", msgNumericHost},
		{"short-form loopback", "http://127.1:" + p + "/", msgNumericHost},
	}
	// The servers' ports are allowed, so an address is the only reason to refuse.
	ports := []uint16{80, 443, 8080, uint16(forbidden.addrPort(t).Port())}
	if v6 != nil {
		ports = append(ports, uint16(v6.addrPort(t).Port()))
	}
	f := NewFetcher(FetchOptions{Logger: quietLogger, Ports: ports})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := forbidden.hits.Load()
			if v6 != nil {
				before += v6.hits.Load()
			}
			page, err := f.Fetch(context.Background(), tt.url)
			if err == nil {
				t.Fatalf("Fetch(%q) = %+v, want it refused", tt.url, page)
			}
			wantAppErr(t, err, apperr.EINVALID, tt.wantMsg)
			after := forbidden.hits.Load()
			if v6 != nil {
				after += v6.hits.Load()
			}
			if after != before {
				t.Errorf("a forbidden server got %d requests", after-before)
			}
		})
	}
}

// TestFetchRefusesRedirectToPrivate lets exactly one loopback server
// through the guard and has it redirect to addresses that must stay refused.
func TestFetchRefusesRedirectToPrivate(t *testing.T) {
	forbidden := newCountingServer(t, htmlHandler("<p>internal admin page</p>"))
	allowed := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		htmlHandler("<h1>Public posting</h1>")(w, r)
	})
	allowedAddr := allowed.addrPort(t)
	f := NewFetcher(FetchOptions{Logger: quietLogger, Ports: []uint16{80, forbidden.addrPort(t).Port()}})
	f.allowAddr = func(ap netip.AddrPort) bool { return ap == allowedAddr }

	// The control: the one allowed server is fetched, also across a
	// redirect to itself, so a refusal below is the guard's doing.
	page, err := f.Fetch(context.Background(), allowed.URL+"/?to=/posting")
	if err != nil {
		t.Fatalf("Fetch of the allowed server: %v", err)
	}
	if !strings.Contains(page.HTML, "Public posting") || !strings.HasSuffix(page.URL, "/posting") {
		t.Fatalf("page = %+v, want the posting after the redirect", page)
	}

	tests := []struct {
		name string
		to   string
	}{
		{"name that resolves to loopback", "http://localhost:" + forbidden.port() + "/admin"},
		{"loopback literal on another port", forbidden.URL + "/admin"},
		{"private 10/8", "http://10.0.0.1/admin"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/iam/"},
		{"ipv6 loopback", "http://[::1]:" + forbidden.port() + "/admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := allowed.hits.Load()
			page, err := f.Fetch(context.Background(), allowed.URL+"/?to="+tt.to)
			if err == nil {
				t.Fatalf("Fetch redirecting to %q = %+v, want it refused", tt.to, page)
			}
			wantAppErr(t, err, apperr.EINVALID, msgPrivate)
			if n := allowed.hits.Load() - before; n != 1 {
				t.Errorf("allowed server got %d requests, want 1", n)
			}
			if n := forbidden.hits.Load(); n != 0 {
				t.Errorf("forbidden server got %d requests", n)
			}
		})
	}
}

func TestFetchRefusesBadLinks(t *testing.T) {
	tests := []struct {
		name, url, msg string
	}{
		{"ftp", "ftp://example.com/job.txt", msgScheme},
		{"file", "file:///etc/passwd", msgScheme},
		{"javascript", "javascript:alert(1)", msgScheme},
		{"no scheme", "example.com/job", msgScheme},
		{"no host", "http:///job", msgNoHost},
		{"ssh port", "http://example.com:22/", "port 22"},
		{"ssh port on a literal address", "http://93.184.215.14:22/", "port 22"},
		{"port out of range", "http://example.com:99999/", msgBadURL},
		{"unparseable", "http://exa mple.com/", msgBadURL},
	}
	f := NewFetcher(FetchOptions{Logger: quietLogger})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), tt.url)
			wantAppErr(t, err, apperr.EINVALID, tt.msg)
		})
	}
}

func TestFetchPage(t *testing.T) {
	var mu sync.Mutex
	var got http.Header
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = r.Header.Clone()
		mu.Unlock()
		htmlHandler("<html><head><title>Go developer</title></head><body>Café</body></html>")(w, r)
	})
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	page, err := f.Fetch(context.Background(), "  "+s.URL+"/jobs/42  ")
	if err != nil {
		t.Fatal(err)
	}
	want := Page{
		URL:         s.URL + "/jobs/42",
		StatusCode:  http.StatusOK,
		ContentType: "text/html",
		HTML:        "<html><head><title>Go developer</title></head><body>Café</body></html>",
	}
	if *page != want {
		t.Errorf("page = %+v, want %+v", *page, want)
	}
	mu.Lock()
	defer mu.Unlock()
	for header, want := range map[string]string{
		"User-Agent":      "Chrome/",
		"Accept":          "text/html",
		"Accept-Language": "en",
		"Accept-Encoding": "gzip",
	} {
		if !strings.Contains(got.Get(header), want) {
			t.Errorf("request header %s = %q, want it to contain %q", header, got.Get(header), want)
		}
	}
}

func TestFetchRedirects(t *testing.T) {
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/to-ftp" {
			http.Redirect(w, r, "ftp://example.com/job.txt", http.StatusFound)
			return
		}
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if err != nil || n < 0 {
			http.NotFound(w, r)
			return
		}
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusMovedPermanently)
			return
		}
		htmlHandler("<h1>Final</h1>")(w, r)
	})
	tests := []struct {
		name      string
		max       int
		redirects int
		wantErr   bool
	}{
		{"none", 0, 0, false},
		{"five with the default", 0, 5, false},
		{"six with the default", 0, 6, true},
		{"two with max two", 2, 2, false},
		{"three with max two", 2, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFetcher(FetchOptions{AllowPrivate: true, MaxRedirects: tt.max})
			page, err := f.Fetch(context.Background(), fmt.Sprintf("%s/r/%d", s.URL, tt.redirects))
			if tt.wantErr {
				limit := tt.max
				if limit == 0 {
					limit = DefaultMaxRedirects
				}
				wantAppErr(t, err, apperr.EUNPROCESSABLE, fmt.Sprintf("redirected more than %d times", limit))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if page.URL != s.URL+"/r/0" || page.HTML != "<h1>Final</h1>" {
				t.Errorf("page = %+v, want /r/0 with the final body", page)
			}
		})
	}
	t.Run("redirect to another scheme", func(t *testing.T) {
		_, err := NewFetcher(FetchOptions{AllowPrivate: true}).Fetch(context.Background(), s.URL+"/to-ftp")
		wantAppErr(t, err, apperr.EUNPROCESSABLE, msgRedirectBad)
	})
}

func TestFetchBodyCap(t *testing.T) {
	const limit = 1024
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		body := bytes.Repeat([]byte("a"), n)
		w.Header().Set("Content-Type", "text/plain")
		switch r.URL.Query().Get("mode") {
		case "chunked": // no Content-Length: the cap must hold while reading
			w.Write(body[:n/2])
			w.(http.Flusher).Flush()
			w.Write(body[n/2:])
		case "gzip": // small on the wire, big once inflated
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(body)
			zw.Close()
		default:
			w.Header().Set("Content-Length", strconv.Itoa(n))
			w.Write(body)
		}
	})
	tests := []struct {
		name    string
		n       int
		mode    string
		wantErr bool
	}{
		{"at the cap", limit, "", false},
		{"one over the cap", limit + 1, "", true},
		{"chunked at the cap", limit, "chunked", false},
		{"chunked over the cap", limit + 1, "chunked", true},
		{"gzip at the cap", limit, "gzip", false},
		{"gzip inflating past the cap", 100 * limit, "gzip", true},
	}
	f := NewFetcher(FetchOptions{AllowPrivate: true, MaxBytes: limit})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := f.Fetch(context.Background(), fmt.Sprintf("%s/?n=%d&mode=%s", s.URL, tt.n, tt.mode))
			if tt.wantErr {
				wantAppErr(t, err, apperr.ETOOLARGE, "Paste the posting's text")
				wantAppErr(t, err, apperr.ETOOLARGE, "1 KB")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(page.HTML) != tt.n {
				t.Errorf("got %d bytes, want %d", len(page.HTML), tt.n)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body>")
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before the server closes

	f := NewFetcher(FetchOptions{AllowPrivate: true, Timeout: 200 * time.Millisecond})
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		t.Run(path, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), s.URL+path)
			wantAppErr(t, err, apperr.EUNPROCESSABLE, "took longer than 200ms")
			if errors.Unwrap(err) == nil {
				t.Error("the upstream error is not kept as the cause")
			}
		})
	}

	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := f.Fetch(ctx, s.URL+"/slow-headers")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		if code := apperr.Code(err); code != apperr.EINTERNAL {
			t.Errorf("code = %q: a caller giving up is not the site's fault", code)
		}
	})
}

func TestFetchContentType(t *testing.T) {
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		ct := r.URL.Query().Get("ct")
		if ct == "none" {
			w.Header()["Content-Type"] = nil // no header, no sniffing by the server
		} else {
			w.Header().Set("Content-Type", ct)
		}
		io.WriteString(w, r.URL.Query().Get("body"))
	})
	tests := []struct {
		name, ct, body string
		wantType       string // accepted media type, or ""
		wantMsg        string // refusal message part, or ""
	}{
		{"html", "text/html; charset=utf-8", "<p>hi</p>", "text/html", ""},
		{"upper-case html", "TEXT/HTML", "<p>hi</p>", "text/html", ""},
		{"xhtml", "application/xhtml+xml", "<p>hi</p>", "application/xhtml+xml", ""},
		{"plain text", "text/plain; charset=utf-8", "Senior Go developer", "text/plain", ""},
		{"no header, sniffed html", "none", "<!DOCTYPE html><html><p>hi</p></html>", "text/html", ""},
		{"pdf", "application/pdf", "%PDF-1.7", "", "a PDF file"},
		{"no header, sniffed pdf", "none", "%PDF-1.7\n...", "", "a PDF file"},
		{"png", "image/png", "\x89PNG", "", "an image"},
		{"json", "application/json", "{}", "", "JSON data"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK", "", "an office document"},
		{"zip", "application/zip", "PK", "", "a file of type application/zip"},
	}
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := s.URL + "/?ct=" + urlQueryEscape(tt.ct) + "&body=" + urlQueryEscape(tt.body)
			page, err := f.Fetch(context.Background(), u)
			if tt.wantMsg != "" {
				wantAppErr(t, err, apperr.EUNPROCESSABLE, tt.wantMsg)
				wantAppErr(t, err, apperr.EUNPROCESSABLE, "upload a screenshot")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if page.ContentType != tt.wantType || page.HTML != tt.body {
				t.Errorf("page = %+v, want type %q and body %q", page, tt.wantType, tt.body)
			}
		})
	}
}

func TestFetchCharsets(t *testing.T) {
	asciiHead := "<html><head><title>x</title></head><body>" + strings.Repeat("<p>padding</p>", 100)
	tests := []struct {
		name string
		ct   string
		body string // raw bytes as the site sends them
		want string // must appear in the decoded page
	}{
		{"windows-1252 from the header", "text/html; charset=windows-1252", "<p>Caf\xe9 \x80 50k \x96 Z\xfcrich</p>", "Café € 50k – Zürich"},
		{"iso-8859-1 from the header", "text/html; charset=ISO-8859-1", "<p>M\xfcnchen</p>", "München"},
		{"iso-8859-1 from meta charset", "text/html", "<html><head><meta charset=\"iso-8859-1\"></head><body>Gen\xe8ve</body></html>", "Genève"},
		{"shift_jis from meta http-equiv", "text/html",
			"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>\x93\x8c\x8b\x9e\x82\xcc\x83\x47\x83\x93\x83\x57\x83\x6a\x83\x41</body></html>",
			"東京のエンジニア"},
		{"shift_jis from the header", "text/html; charset=shift_jis", "<p>\x93\x8c\x8b\x9e</p>", "東京"},
		{"utf-8 past the first 1024 bytes", "text/html", asciiHead + "<p>Málaga, España</p></body></html>", "Málaga, España"},
		{"undeclared latin-1 bytes fall back to windows-1252", "text/html", "<p>Caf\xe9</p>", "Café"},
		{"utf-8 byte order mark", "text/html", "\xef\xbb\xbf<p>Zoë</p>", "<p>Zoë</p>"},
		{"header wins over meta", "text/html; charset=utf-8", "<meta charset=\"windows-1252\"><p>Zoë</p>", "Zoë"},
	}
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.URL.Query().Get("i"))
		w.Header().Set("Content-Type", tests[i].ct)
		io.WriteString(w, tests[i].body)
	})
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := f.Fetch(context.Background(), fmt.Sprintf("%s/?i=%d", s.URL, i))
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(page.HTML) {
				t.Errorf("page is not valid UTF-8: %q", page.HTML)
			}
			if !strings.Contains(page.HTML, tt.want) {
				t.Errorf("page = %q, want it to contain %q", page.HTML, tt.want)
			}
			if strings.HasPrefix(page.HTML, "\uFEFF") {
				t.Error("byte order mark kept")
			}
		})
	}
}

func TestFetchGzip(t *testing.T) {
	const body = "<html><body><h1>Backend engineer</h1></body></html>"
	var askedGzip atomic.Bool
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			io.WriteString(w, body)
			return
		}
		askedGzip.Store(true)
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, body)
		zw.Close()
	})
	page, err := NewFetcher(FetchOptions{AllowPrivate: true}).Fetch(context.Background(), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !askedGzip.Load() {
		t.Error("the request did not offer gzip")
	}
	if page.HTML != body {
		t.Errorf("HTML = %q, want %q", page.HTML, body)
	}
}

func TestFetchStatus(t *testing.T) {
	s := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		io.WriteString(w, "<p>error page</p>")
	})
	tests := []struct {
		code int
		msg  string
	}{
		{http.StatusNotFound, "page was not found"},
		{http.StatusGone, "page was not found"},
		{http.StatusUnauthorized, "refused to show the page"},
		{http.StatusForbidden, "refused to show the page"},
		{http.StatusTooManyRequests, "refused to show the page"},
		{http.StatusInternalServerError, "refused to show the page"},
		{http.StatusServiceUnavailable, "refused to show the page"},
		{http.StatusBadRequest, "status 400"},
		{http.StatusNotModified, "redirect Tailor could not follow"},
	}
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			_, err := f.Fetch(context.Background(), fmt.Sprintf("%s/%d", s.URL, tt.code))
			wantAppErr(t, err, apperr.EUNPROCESSABLE, tt.msg)
			if apperr.Status(apperr.Code(err)) != http.StatusUnprocessableEntity {
				t.Errorf("HTTP status for %v is not 422", err)
			}
		})
	}
}

func TestFetchUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: the connection is refused
	_, err = NewFetcher(FetchOptions{AllowPrivate: true}).Fetch(context.Background(), "http://"+addr+"/")
	wantAppErr(t, err, apperr.EUNPROCESSABLE, "could not reach")
	if errors.Unwrap(err) == nil {
		t.Error("the upstream error is not kept as the cause")
	}
}

func TestNumericHost(t *testing.T) {
	for host, want := range map[string]bool{
		"2130706433":       true,
		"127.1":            true,
		"0x7f.1":           true,
		"0x7F000001":       true,
		"10.0.0.1.":        true,
		"example.com":      false,
		"1password.com":    false,
		"jobs.123.example": false,
		"0xcafe.com":       false,
		"x0":               false,
	} {
		if got := numericHost(host); got != want {
			t.Errorf("numericHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func urlQueryEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func BenchmarkFetch(b *testing.B) {
	body := "<html><body>" + strings.Repeat("<p>Requirements: Go, SQL, HTTP.</p>", 2000) + "</body></html>"
	s := httptest.NewServer(htmlHandler(body))
	defer s.Close()
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := f.Fetch(context.Background(), s.URL); err != nil {
			b.Fatal(err)
		}
	}
}

package jobs

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"tailor/apperr"
)

// Check refuses a link before anything is stored when it can never be
// fetched: another scheme, no host, or a name that resolves to a private
// address. A name that does not resolve now is left to Fetch, which says
// so with its own advice.
func (f *Fetcher) Check(ctx context.Context, rawURL string) error {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return apperr.Wrap(err, apperr.EINVALID, msgBadURL)
	}
	if err := f.checkURL(u); err != nil {
		return err
	}
	if f.guard == nil {
		return nil
	}
	host := u.Hostname()
	if _, err := netip.ParseAddr(host); err == nil {
		return nil // a literal address: checkURL has judged it
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	port := uint16(80)
	if strings.EqualFold(u.Scheme, "https") {
		port = 443
	}
	if p := u.Port(); p != "" {
		if ap, err := netip.ParseAddrPort("0.0.0.0:" + p); err == nil {
			port = ap.Port()
		}
	}
	for _, a := range addrs {
		if err := f.addrAllowed(netip.AddrPortFrom(a.Unmap(), port)); err != nil {
			return f.refused(u.Host, err)
		}
	}
	return nil
}

// urlChecker is implemented by fetchers that can judge a link up front.
type urlChecker interface {
	Check(ctx context.Context, rawURL string) error
}

// Check refuses a source that can never work before anything is stored:
// a link to a private address, or an upload that is not a PNG, JPEG or
// WebP image of a sane size.
func (e *Extractor) Check(ctx context.Context, src Source) error {
	if src.URL != "" {
		if e.fetch == nil {
			return apperr.New(apperr.EINVALID, "Links are not accepted here. Paste the posting's text instead.")
		}
		if c, ok := e.fetch.(urlChecker); ok {
			return c.Check(ctx, src.URL)
		}
	}
	if len(src.Image) > 0 {
		if _, err := checkImage(src.Image, e.opts.MaxUploadBytes); err != nil {
			return err
		}
	}
	return nil
}

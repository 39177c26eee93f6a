package views

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
	"time"

	"tailor/models"
)

// Chart is one server-drawn SVG chart of the usage dashboard: no script,
// colours from the stylesheet (so dark mode follows), a <title> on every
// mark for its exact value, and the legend as HTML so it wraps on a phone.
type Chart struct {
	ID      string // data-testid suffix
	Title   string
	Explain string // one line under the title: how to read it
	SVG     string
	Legend  []LegendItem
	Empty   bool
}

// LegendItem names one series' colour.
type LegendItem struct {
	Name  string
	Class string // s0..s7
}

// series is one named line or bar stack layer, a value per bucket.
type series struct {
	name   string
	values []float64
}

const (
	chartW, chartH      = 480.0, 200.0
	padL, padR          = 58.0, 8.0
	padT, padB          = 10.0, 26.0
	maxSeriesPerChart   = 6
	seriesColourClasses = 8
)

// UsageCharts builds the dashboard's charts from a summary.
func UsageCharts(st models.UsageStats) []Chart {
	n := len(st.Buckets)
	index := map[int64]int{}
	for i, b := range st.Buckets {
		index[b.Unix()] = i
	}
	at := func(c models.UsageCell) (int, bool) {
		i, ok := index[c.At.Unix()]
		return i, ok
	}
	byName := func(names map[string][]float64) []series {
		var out []series
		for k, v := range names {
			out = append(out, series{k, v})
		}
		sort.Slice(out, func(i, j int) bool { return sum(out[i].values) > sum(out[j].values) })
		return out
	}
	get := func(m map[string][]float64, k string) []float64 {
		if m[k] == nil {
			m[k] = make([]float64, n)
		}
		return m[k]
	}
	costByPlan := map[string][]float64{}
	callsByProvider := map[string][]float64{}
	errsByProvider := map[string][]float64{}
	saved := map[string][]float64{}
	refusals := map[string][]float64{}
	hist := map[string][]models.Histogram{}
	for _, c := range st.Cells {
		i, ok := at(c)
		if !ok {
			continue
		}
		if c.CostMicros != 0 {
			get(costByPlan, planName(c.Plan))[i] += float64(c.CostMicros) / 1e6
		}
		if c.CacheHits > 0 {
			get(saved, "saved by the cache")[i] += float64(c.SavedMicros) / 1e6
		}
		if c.QuotaRefusals > 0 {
			get(refusals, planName(c.Plan))[i] += float64(c.QuotaRefusals)
		}
		if c.Calls > 0 {
			get(callsByProvider, c.Provider)[i] += float64(c.Calls)
			get(errsByProvider, c.Provider)[i] += float64(c.Errors)
			k := c.Provider + " " + c.Model
			if hist[k] == nil {
				hist[k] = make([]models.Histogram, n)
			}
			hist[k][i].Merge(&c.Hist)
		}
	}
	errRate := map[string][]float64{}
	for p, calls := range callsByProvider {
		r := get(errRate, p)
		for i := range calls {
			r[i] = math.NaN() // no calls: no point
			if calls[i] > 0 {
				r[i] = 100 * errsByProvider[p][i] / calls[i]
			}
		}
	}
	money := func(v float64) string { return formatMicros(int64(math.Round(v * 1e6))) }
	count := func(v float64) string { return compactNumber(v) }
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", v) }
	ms := func(v float64) string { return formatMS(v) }
	unit := "day"
	if st.Hourly {
		unit = "hour"
	}
	charts := []Chart{
		barChart("cost-by-plan", "Cost per "+unit+" by plan", "What was spent on AI calls, each bar split by the users' plan.",
			st.Buckets, st.Hourly, byName(costByPlan), money),
		lineChart("calls-by-provider", "Calls per provider", "Attempts at each provider per "+unit+", failed ones included.",
			st.Buckets, st.Hourly, byName(callsByProvider), count, false),
		lineChart("error-rate", "Error rate per provider", "The share of attempts that failed, per "+unit+"; a gap means no calls.",
			st.Buckets, st.Hourly, orderLike(errRate, byName(callsByProvider)), pct, true),
	}
	// Latency: one small chart per busiest model, p50/p95/p99.
	type mc struct {
		name  string
		calls int64
	}
	var busiest []mc
	for k, hs := range hist {
		var c int64
		for i := range hs {
			c += hs[i].Count()
		}
		busiest = append(busiest, mc{k, c})
	}
	sort.Slice(busiest, func(i, j int) bool {
		if busiest[i].calls != busiest[j].calls {
			return busiest[i].calls > busiest[j].calls
		}
		return busiest[i].name < busiest[j].name
	})
	for j, m := range busiest {
		if j == 4 {
			break
		}
		var ss []series
		for _, p := range []float64{50, 95, 99} {
			v := make([]float64, n)
			for i := range v {
				v[i] = math.NaN()
				if hist[m.name][i].Count() > 0 {
					v[i] = float64(hist[m.name][i].Percentile(p))
				}
			}
			ss = append(ss, series{fmt.Sprintf("p%.0f", p), v})
		}
		charts = append(charts, lineChart(fmt.Sprintf("latency-%d", j), "Latency of "+m.name,
			"Half the calls were faster than p50, 95 in 100 faster than p95, 99 in 100 faster than p99.",
			st.Buckets, st.Hourly, ss, ms, true))
	}
	charts = append(charts,
		barChart("cache-savings", "Cache savings per "+unit, "What answers served from the cache would have cost.",
			st.Buckets, st.Hourly, byName(saved), money),
		barChart("quota-refusals", "Quota refusals per "+unit, "Requests refused because a user reached their plan's limit, by plan.",
			st.Buckets, st.Hourly, byName(refusals), count))
	return charts
}

func planName(p string) string {
	if p == "" {
		return "no plan"
	}
	return p
}

func orderLike(m map[string][]float64, order []series) []series {
	var out []series
	for _, s := range order {
		out = append(out, series{s.name, m[s.name]})
	}
	return out
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		if !math.IsNaN(x) {
			t += x
		}
	}
	return t
}

// capSeries keeps the biggest series and folds the rest into "other".
func capSeries(ss []series, canAdd bool) []series {
	if len(ss) <= maxSeriesPerChart {
		return ss
	}
	if !canAdd {
		return ss[:maxSeriesPerChart]
	}
	keep := append([]series{}, ss[:maxSeriesPerChart-1]...)
	other := series{"other", make([]float64, len(ss[0].values))}
	for _, s := range ss[maxSeriesPerChart-1:] {
		for i, v := range s.values {
			other.values[i] += v
		}
	}
	return append(keep, other)
}

// niceMax rounds a chart's top up to 1, 2, 2.5 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 || math.IsNaN(v) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

type plot struct {
	b       strings.Builder
	n       int
	top     float64
	buckets []time.Time
	hourly  bool
	// partial marks the last bucket as still running (it ends after now).
	partial bool
}

func newPlot(id, title string, buckets []time.Time, hourly bool, top float64, yfmt func(float64) string) *plot {
	p := &plot{n: len(buckets), top: top, buckets: buckets, hourly: hourly}
	if p.n > 0 {
		step := 24 * time.Hour
		if hourly {
			step = time.Hour
		}
		p.partial = buckets[p.n-1].Add(step).After(time.Now())
	}
	fmt.Fprintf(&p.b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="chart-%s-t" data-testid="chart-%s-svg">`,
		chartW, chartH, id, id)
	fmt.Fprintf(&p.b, `<title id="chart-%s-t">%s</title>`, id, html.EscapeString(title))
	// Grid: 0, half and top, labelled.
	for _, f := range []float64{0, 0.5, 1} {
		y := p.y(f * top)
		fmt.Fprintf(&p.b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, padL, chartW-padR, y, y)
		fmt.Fprintf(&p.b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, padL-6, y+4, html.EscapeString(yfmt(f*top)))
	}
	// Time labels: first, middle, last.
	if p.n > 0 {
		for _, i := range uniq([]int{0, p.n / 2, p.n - 1}) {
			anchor := "middle"
			if i == 0 {
				anchor = "start"
			} else if i == p.n-1 {
				anchor = "end"
			}
			fmt.Fprintf(&p.b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="%s">%s</text>`,
				p.xCenter(i), chartH-8, anchor, p.label(i))
		}
	}
	return p
}

func uniq(v []int) []int {
	var out []int
	seen := map[int]bool{}
	for _, x := range v {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (p *plot) slot() float64 { return (chartW - padL - padR) / float64(max(p.n, 1)) }

func (p *plot) xCenter(i int) float64 { return padL + p.slot()*(float64(i)+0.5) }

func (p *plot) y(v float64) float64 { return padT + (chartH-padT-padB)*(1-v/p.top) }

func (p *plot) label(i int) string {
	l := p.buckets[i].Format("Jan 2")
	if p.hourly {
		l = p.buckets[i].Format("15:04")
	}
	if i == p.n-1 && p.partial {
		l += " (so far)"
	}
	return l
}

func (p *plot) when(i int) string {
	if p.hourly {
		return p.buckets[i].Format("Jan 2 15:04") + " UTC"
	}
	return p.buckets[i].Format("Mon Jan 2")
}

func (p *plot) done() string {
	p.b.WriteString(`</svg>`)
	return p.b.String()
}

func legendOf(ss []series) []LegendItem {
	var l []LegendItem
	for i, s := range ss {
		l = append(l, LegendItem{Name: s.name, Class: fmt.Sprintf("s%d", i%seriesColourClasses)})
	}
	return l
}

// barChart stacks the series per bucket.
func barChart(id, title, explain string, buckets []time.Time, hourly bool, ss []series, yfmt func(float64) string) Chart {
	ss = capSeries(ss, true)
	c := Chart{ID: id, Title: title, Explain: explain, Legend: legendOf(ss)}
	top := 0.0
	for i := range buckets {
		t := 0.0
		for _, s := range ss {
			t += s.values[i]
		}
		top = math.Max(top, t)
	}
	if top == 0 {
		c.Empty = true
	}
	p := newPlot(id, title, buckets, hourly, niceMax(top), yfmt)
	w := p.slot() * 0.7
	for i := range buckets {
		base := 0.0
		for k, s := range ss {
			v := s.values[i]
			if v <= 0 {
				continue
			}
			y0, y1 := p.y(base), p.y(base+v)
			fmt.Fprintf(&p.b, `<rect class="bar s%d" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s, %s: %s</title></rect>`,
				k%seriesColourClasses, p.xCenter(i)-w/2, y1, w, math.Max(y0-y1, 0.5),
				html.EscapeString(p.when(i)), html.EscapeString(s.name), html.EscapeString(yfmt(v)))
			base += v
		}
	}
	c.SVG = p.done()
	return c
}

// lineChart draws each series as a line; NaN leaves a gap.
func lineChart(id, title, explain string, buckets []time.Time, hourly bool, ss []series, yfmt func(float64) string, noSum bool) Chart {
	ss = capSeries(ss, !noSum)
	c := Chart{ID: id, Title: title, Explain: explain, Legend: legendOf(ss)}
	top := 0.0
	for _, s := range ss {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				top = math.Max(top, v)
			}
		}
	}
	if top == 0 {
		c.Empty = true
	}
	p := newPlot(id, title, buckets, hourly, niceMax(top), yfmt)
	for k, s := range ss {
		var path strings.Builder
		pen := false
		for i, v := range s.values {
			if math.IsNaN(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, p.xCenter(i), p.y(v))
			pen = true
		}
		cls := k % seriesColourClasses
		if path.Len() > 0 {
			fmt.Fprintf(&p.b, `<path class="line s%d" d="%s"/>`, cls, strings.TrimSpace(path.String()))
		}
		for i, v := range s.values {
			if math.IsNaN(v) {
				continue
			}
			fmt.Fprintf(&p.b, `<circle class="dot s%d" cx="%.1f" cy="%.1f" r="2.5"><title>%s, %s: %s</title></circle>`,
				cls, p.xCenter(i), p.y(v), html.EscapeString(p.when(i)), html.EscapeString(s.name), html.EscapeString(yfmt(v)))
		}
	}
	c.SVG = p.done()
	return c
}

// compactNumber writes 950, 1.2k, 3.4M.
func compactNumber(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e6:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", v/1e6), ".0") + "M"
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case a >= 1e3:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", v/1e3), ".0") + "k"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
}

// formatMS writes a latency: 850 ms, 2.4 s, 3.1 min.
func formatMS(v float64) string {
	switch {
	case v >= 60_000:
		return fmt.Sprintf("%.1f min", v/60_000)
	case v >= 1000:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", v/1000), ".0") + " s"
	}
	return fmt.Sprintf("%.0f ms", v)
}
